package studio.batch.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.Pages;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class GenerationItemRepository implements PanacheRepositoryBase<GenerationItem, UUID> {

    /** The items of a batch in row order, optionally of one status. */
    public Uni<Page<GenerationItem>> listForBatch(UUID batchId, String status, PageRequest request) {
        Sort order = Sort.by("rowIndex").and("id");
        return Pages.of(status == null ? find("batchId = ?1", order, batchId) : find("batchId = ?1 and status = ?2", order, batchId, status),
                request);
    }

    /** The stored image keys of a batch's completed items, in row order (what its archive holds). */
    public Uni<java.util.List<String>> imageKeys(UUID batchId) {
        return getSession().chain(session -> session.createQuery("select imageKey from GenerationItem"
                + " where batchId = ?1 and status = ?2 and imageKey is not null order by rowIndex", String.class)
                .setParameter(1, batchId).setParameter(2, GenerationItem.COMPLETED).getResultList());
    }
}
