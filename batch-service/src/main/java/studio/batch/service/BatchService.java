package studio.batch.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.common.api.Page;
import studio.common.api.PageRequest;

/** The batch lifecycle's business methods. */
@ApplicationScoped
public class BatchService {

    private final GenerationBatchRepository batches;

    public BatchService(GenerationBatchRepository batches) {
        this.batches = batches;
    }

    @WithSession
    public Uni<Page<GenerationBatch>> list(UUID vendorId, PageRequest page) {
        return batches.listForVendor(vendorId, page);
    }
}
