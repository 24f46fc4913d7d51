package studio.batch.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.product.ProductImages;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationResult;
import studio.common.events.StudioEvent;
import studio.common.outbox.Outbox;

/** The workers' results applied to items and batches: once each, counters under the batch's lock, events through the outbox. */
@ApplicationScoped
public class Results {

    private static final Logger LOG = Logger.getLogger(Results.class);

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final Costs costs;
    private final Outbox outbox;
    private final ProductImages products;

    public Results(GenerationBatchRepository batches, GenerationItemRepository items, Costs costs, Outbox outbox, ProductImages products) {
        this.batches = batches;
        this.items = items;
        this.costs = costs;
        this.outbox = outbox;
        this.products = products;
    }

    /**
     * Applies a worker's result once: its cost goes to the ledger in any case; otherwise a result for
     * an item that has already ended, or for an older attempt, changes nothing. Counters move under a
     * row lock on the batch; the batch's first result starts it, every result reports progress, the
     * last one ends it.
     */
    @WithTransaction
    public Uni<Void> applyResult(GenerationResult result, Instant resultAt) {
        return applyAll(List.of(new Arrived(result, resultAt)));
    }

    /** A result and when the worker published it. */
    public record Arrived(GenerationResult result, Instant at) {
    }

    /**
     * Applies a poll's worth of results in one transaction, each as {@link #applyResult} does: in the
     * order of their batches and items, so two replicas applying at once take the rows' locks in one
     * order (and never wait on each other in a circle); an item's results keep their order. A batch
     * that moved several times reports its progress once, with its counters after the last result
     * ({@link #coalesced}): each progress event is a record, an SSE event and a webhook.
     */
    @WithTransaction
    public Uni<Void> applyAll(List<Arrived> arrived) {
        List<Arrived> ordered = new ArrayList<>(arrived);
        ordered.sort(java.util.Comparator.comparing((Arrived a) -> a.result().batchId()).thenComparing(a -> a.result().itemId()));
        List<StudioEvent> events = new ArrayList<>();
        Uni<Void> applied = Uni.createFrom().voidItem();
        for (Arrived one : ordered) {
            applied = applied.chain(() -> apply(one.result(), one.at(), events));
        }
        return applied.chain(() -> outbox.publishAll(coalesced(events)));
    }

    private Uni<Void> apply(GenerationResult result, Instant resultAt, List<StudioEvent> events) {
        // the cost first, whatever becomes of the result: a late or stale attempt was paid for too
        return costs.record(result).chain(() -> items.findById(result.itemId(), LockModeType.PESSIMISTIC_WRITE)).chain(item -> {
            if (item == null || item.isFinished() || result.attempt() < item.attempt) {
                LOG.debugf("Ignoring %s for item %s (already applied or stale)", result.type(), result.itemId());
                return Uni.createFrom().voidItem();
            }
            if (result instanceof GenerationResult.Retrying) {
                item.status = ItemStatus.PROCESSING;
                item.progressAt = resultAt;
                return Uni.createFrom().voidItem();
            }
            item.processedAt = Instant.now();
            if (result instanceof GenerationResult.Completed done) {
                item.status = ItemStatus.COMPLETED;
                item.durationMs = (int) Math.min(Integer.MAX_VALUE, Math.max(0, done.durationMs()));
                item.imageKey = done.imageKey();
                item.thumbnailKey = done.thumbnailKey();
                item.errorMessage = null;
            } else if (result instanceof GenerationResult.Failed failed) {
                item.status = ItemStatus.FAILED;
                item.errorMessage = failed.errorMessage();
            }
            return batches.findById(item.batchId, LockModeType.PESSIMISTIC_WRITE)
                    .invoke(batch -> events.addAll(count(batch, item, resultAt)))
                    .chain(() -> item.status == ItemStatus.COMPLETED ? products.announce(item, resultAt) : Uni.createFrom().voidItem());
        });
    }

    /** The events in their order, each batch's progress only where it was last reported (its latest counters). */
    static List<StudioEvent> coalesced(List<StudioEvent> events) {
        java.util.Map<java.util.UUID, Integer> lastProgress = new java.util.HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof BatchEvent.Progress progress) {
                lastProgress.put(progress.batchId(), i);
            }
        }
        List<StudioEvent> kept = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i) instanceof BatchEvent.Progress progress) || lastProgress.get(progress.batchId()) == i) {
                kept.add(events.get(i));
            }
        }
        return kept;
    }

    /** The batch's counters moved by an item that just ended (the batch row locked), and the events that say so. */
    static List<StudioEvent> count(GenerationBatch batch, GenerationItem item, Instant resultAt) {
        List<StudioEvent> events = new ArrayList<>(4);
        if (batch.status == BatchStatus.PENDING) {
            batch.status = BatchStatus.PROCESSING;
            events.add(new BatchEvent.Started(batch.id, batch.vendorId, batch.totalImages));
        }
        if (item.status == ItemStatus.COMPLETED) {
            batch.completedImages++;
            events.add(new BatchEvent.ItemCompleted(batch.id, batch.vendorId, item.id, item.rowIndex, item.attempt, item.name, resultAt));
        } else {
            batch.failedImages++;
            events.add(new BatchEvent.ItemFailed(batch.id, batch.vendorId, item.id, item.rowIndex, item.attempt, item.errorMessage,
                    resultAt));
        }
        BatchEvent.Counters counters = batch.counters();
        events.add(new BatchEvent.Progress(batch.id, batch.vendorId, counters));
        if (batch.completedImages + batch.failedImages >= batch.totalImages) {
            batch.completedAt = Instant.now();
            if (batch.completedImages == 0) {
                batch.status = BatchStatus.FAILED;
                events.add(new BatchEvent.Failed(batch.id, batch.vendorId, counters, "every item failed"));
            } else {
                batch.status = BatchStatus.COMPLETED;
                events.add(new BatchEvent.Completed(batch.id, batch.vendorId, counters));
            }
        }
        return events;
    }
}
