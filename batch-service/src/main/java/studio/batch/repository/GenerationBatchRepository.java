package studio.batch.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.Pages;

@ApplicationScoped
public class GenerationBatchRepository implements PanacheRepositoryBase<GenerationBatch, UUID> {

    /** The vendor's batches, newest first; with statuses, only those in one of them. */
    public Uni<Page<GenerationBatch>> listForVendor(UUID vendorId, List<BatchStatus> statuses, PageRequest request) {
        Sort newest = Sort.descending("createdAt").and("id");
        return Pages.of(statuses.isEmpty() ? find("vendorId", newest, vendorId)
                : find("vendorId = ?1 and status in ?2", newest, vendorId, statuses), request);
    }
}
