package studio.batch.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.events.Priority;
import studio.common.events.StudioEvent;
import studio.common.outbox.Outbox;
import studio.common.persistence.NativeSql;

/** A vendor stopping a batch, or sending its failed images again. */
@ApplicationScoped
public class CancelAndRetry {

    private static final Logger LOG = Logger.getLogger(CancelAndRetry.class);

    private final BatchQueries queries;
    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final Costs costs;
    private final Outbox outbox;
    private final studio.batch.queue.JobQueue queue;
    private final VendorPlans vendorPlans;

    public CancelAndRetry(BatchQueries queries, GenerationBatchRepository batches, GenerationItemRepository items, Costs costs,
            Outbox outbox, studio.batch.queue.JobQueue queue, VendorPlans vendorPlans) {
        this.queries = queries;
        this.batches = batches;
        this.items = items;
        this.costs = costs;
        this.outbox = outbox;
        this.queue = queue;
        this.vendorPlans = vendorPlans;
    }

    /**
     * Cancels one of the vendor's batches: every item that has not ended is cancelled (workers skip
     * its job; a result that still arrives changes nothing), the batch ends as {@code cancelled} with
     * its true counters, and {@code batch.cancelled} is announced. Cancelling a cancelled batch again
     * answers it unchanged; a batch that has already ended otherwise is a 409.
     */
    @WithTransaction
    public Uni<GenerationBatch> cancel(UUID vendorId, UUID batchId) {
        return queries.get(vendorId, batchId).chain(batch -> {
            if (batch.status == BatchStatus.CANCELLED) {
                return Uni.createFrom().item(batch);
            }
            if (batch.status == BatchStatus.COMPLETED || batch.status == BatchStatus.FAILED) {
                return Uni.createFrom().failure(new Refusal.BatchEnded(batchId, batch.status));
            }
            // the waiting jobs first (the order the releaser takes them and their items in), the items, then the
            // batch: the order in which results lock them too
            return queue.drop(batchId).chain(() -> NativeSql.update("UPDATE generation_items SET status = 'cancelled', processed_at = now()"
                    + " WHERE batch_id = ?1 AND status IN ('pending', 'processing')", batchId))
                    // re-read under the lock: results may have moved the counters since the batch was read
                    .chain(cancelled -> Panache.getSession().chain(session -> session.refresh(batch, LockModeType.PESSIMISTIC_WRITE))
                            .replaceWith(batch).chain(locked -> {
                        locked.cancelledImages += cancelled;
                        locked.status = BatchStatus.CANCELLED;
                        locked.completedAt = Instant.now();
                        LOG.infof("Batch %s cancelled: %d item(s) will not run", batchId, cancelled);
                        return outbox.publish(new BatchEvent.Cancelled(locked.id, locked.vendorId, locked.counters()))
                                .replaceWith(locked);
                    }));
        });
    }

    /** What a retry did: the batch afterwards and how many failed items went back to the queue. */
    public record Retried(GenerationBatch batch, int items) {
    }

    /**
     * Puts the failed items of one of the vendor's batches back in the queue as new attempts (the
     * same prompt and parameters; a result of an earlier attempt changes nothing any more). The batch
     * runs again until they end. 409 for a cancelled batch or one without failed items.
     */
    @WithTransaction
    @SuppressWarnings("unchecked")
    public Uni<Retried> retry(UUID vendorId, UUID batchId) {
        return locked(vendorId, batchId).chain(batch -> {
            if (batch.status == BatchStatus.CANCELLED) {
                return Uni.createFrom().failure(new Refusal.BatchCancelled(batchId));
            }
            return items.list("batchId = ?1 and status = ?2", io.quarkus.panache.common.Sort.by("rowIndex"), batchId,
                    ItemStatus.FAILED).chain(failed -> {
                        if (failed.isEmpty()) {
                            return Uni.createFrom().<Retried>failure(new Refusal.NothingToRetry(batchId));
                        }
                        // the budget before anything changes: the new attempts are estimated as the first ones were
                        BigDecimal estimate = failed.stream().map(i -> i.estimatedCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
                        boolean ended = batch.status == BatchStatus.COMPLETED || batch.status == BatchStatus.FAILED;
                        return costs.checkBudget(batch.vendorId, estimate)
                                .chain(() -> vendorPlans.checkRoom(batch.vendorId, failed.size(), ended ? 1 : 0)).chain(() -> {
                            List<studio.common.events.GenerationJob> jobs = new ArrayList<>(failed.size());
                            Instant now = Instant.now();
                            for (GenerationItem item : failed) {
                                item.attempt++;
                                item.status = ItemStatus.PENDING;
                                item.errorMessage = null;
                                item.processedAt = null;
                                item.durationMs = null;
                                item.progressAt = now;
                                jobs.add(ItemJobs.of(batch, item, Priority.NORMAL));
                            }
                            batch.failedImages -= failed.size();
                            batch.status = BatchStatus.PROCESSING;
                            batch.completedAt = null;
                            LOG.infof("Batch %s: %d failed item(s) enqueued again", batchId, failed.size());
                            return outbox.publish(new BatchEvent.Progress(batch.id, batch.vendorId, batch.counters()))
                                    .chain(() -> queue.enqueue(jobs)).replaceWith(new Retried(batch, failed.size()));
                        });
                    });
        });
    }

    /**
     * One of the vendor's batches, read under its row lock (so that its counters are the latest, not
     * a copy read before the lock), else 404.
     */
    private Uni<GenerationBatch> locked(UUID vendorId, UUID batchId) {
        return batches.find("id = ?1 and vendorId = ?2", batchId, vendorId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Batch", batchId));
    }
}
