package studio.batch.repository;

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

    /** The vendor's batches, newest first. */
    public Uni<Page<GenerationBatch>> listForVendor(UUID vendorId, PageRequest request) {
        return Pages.of(find("vendorId", Sort.descending("createdAt").and("id"), vendorId), request);
    }
}
