package studio.batch.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.outbox.Outbox;

/** A vendor's batches and images as the API shows them, and the one change an image takes from its vendor: a rating. */
@ApplicationScoped
public class BatchQueries {

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final Outbox outbox;

    public BatchQueries(GenerationBatchRepository batches, GenerationItemRepository items, Outbox outbox) {
        this.batches = batches;
        this.items = items;
        this.outbox = outbox;
    }

    @WithSession
    public Uni<GenerationBatch> get(UUID vendorId, UUID batchId) {
        return batches.find("id = ?1 and vendorId = ?2", batchId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Batch", batchId));
    }

    /** One of the vendor's items (a single image or a batch's), else 404. */
    @WithSession
    public Uni<GenerationItem> item(UUID vendorId, UUID itemId) {
        return items.find("id = ?1 and vendorId = ?2", itemId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Image", itemId));
    }

    /**
     * Rates one of the vendor's completed images from 1 to 5, or with null takes the rating back, and
     * announces {@code item.rated}; 409 for an image that has not completed.
     */
    @WithTransaction
    public Uni<GenerationItem> rate(UUID vendorId, UUID itemId, Integer rating) {
        return items.find("id = ?1 and vendorId = ?2", itemId, vendorId).<GenerationItem>firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Image", itemId))
                .chain(item -> {
                    if (item.status != ItemStatus.COMPLETED) {
                        throw new Refusal.ImageNotCompleted(itemId, item.status, "only a completed image can be rated");
                    }
                    Instant now = Instant.now();
                    item.rating = rating;
                    item.ratedAt = rating == null ? null : now;
                    // template-service counts ratings per template (its success metrics and recommendations)
                    return outbox.publish(new BatchEvent.ItemRated(item.batchId, vendorId, item.id, rating, now)).replaceWith(item);
                });
    }

    /** The items of one of the vendor's batches (404 for another vendor's), optionally of one status. */
    @WithSession
    public Uni<Page<GenerationItem>> items(UUID vendorId, UUID batchId, ItemStatus status, PageRequest page) {
        return get(vendorId, batchId).chain(batch -> items.listForBatch(batch.id, status, page));
    }

    /** One item of one of the vendor's batches (the link item events carry), else 404. */
    @WithSession
    public Uni<GenerationItem> item(UUID vendorId, UUID batchId, UUID itemId) {
        return get(vendorId, batchId).chain(batch -> items.find("id = ?1 and batchId = ?2", itemId, batch.id).<GenerationItem>firstResult())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Item", itemId));
    }

    @WithSession
    public Uni<Page<GenerationBatch>> list(UUID vendorId, List<BatchStatus> statuses, PageRequest page) {
        return batches.listForVendor(vendorId, statuses, page);
    }
}
