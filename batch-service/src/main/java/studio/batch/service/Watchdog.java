package studio.batch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import studio.batch.config.BatchConfig;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.batch.repository.ItemStatus;
import studio.common.events.Priority;
import studio.common.events.StudioEvent;
import studio.common.outbox.Outbox;

/**
 * Nothing waits forever: an open item of a running batch without a sign of life (its job sent, a
 * worker retrying it) for longer than its lane allows ({@code studio.watchdog.*}), in a batch none
 * of whose items has ended for as long, has lost its job somewhere (a dead lane, a lost record): a
 * batch that moves is only a long queue. The item is sent again as a new attempt ({@code resends}
 * times; an answer to the old attempt then changes nothing), and after that failed with the reason,
 * so its batch ends and its reserved budget is released. Every replica looks on its timer; an item
 * is taken by one look only ({@code FOR UPDATE SKIP LOCKED}).
 */
@ApplicationScoped
public class Watchdog {

    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    private final GenerationItemRepository items;
    private final GenerationBatchRepository batches;
    private final Outbox outbox;
    private final BatchConfig.Watchdog config;

    private final studio.common.messaging.UntilAvailable untilAvailable;

    public Watchdog(GenerationItemRepository items, GenerationBatchRepository batches, Outbox outbox, BatchConfig.Watchdog config,
            studio.common.messaging.UntilAvailable untilAvailable) {
        this.untilAvailable = untilAvailable;
        this.items = items;
        this.batches = batches;
        this.outbox = outbox;
        this.config = config;
    }

    /** What one look did. */
    public record Swept(int resent, int failed) {
    }

    @Scheduled(every = "${studio.watchdog.interval:30s}", delayed = "${studio.watchdog.interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepDue() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return untilAvailable.run("watchdog", () -> sweep(null, Instant.now()))
                .onFailure().invoke(e -> LOG.warnf("The watchdog could not look at open items: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * One look at the open items of running batches (of one vendor, or all with null) as of {@code now}:
     * each without a sign of life for its lane's time is resent or failed.
     */
    @WithTransaction
    public Uni<Swept> sweep(UUID vendorId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT i.id FROM generation_items i JOIN generation_batches b ON b.id = i.batch_id"
                        + " CROSS JOIN LATERAL (SELECT cast(?1 AS timestamptz) - (CASE b.config ->> 'lane' WHEN 'interactive'"
                        + " THEN cast(?2 AS bigint) WHEN 'bulk' THEN cast(?4 AS bigint) ELSE cast(?3 AS bigint) END)"
                        + " * interval '1 millisecond' AS cutoff) c"
                        // only released jobs can be lost: a job waiting its turn in the fair queue is not
                        + " WHERE i.status IN ('pending', 'processing') AND i.released_at IS NOT NULL"
                        + " AND b.status IN ('pending', 'processing')"
                        + " AND (cast(?5 AS uuid) IS NULL OR i.vendor_id = cast(?5 AS uuid))"
                        + " AND coalesce(i.progress_at, i.created_at) < c.cutoff"
                        // its batch silent too: no item of it has ended since (a long queue moves its batch)
                        + " AND NOT EXISTS (SELECT 1 FROM generation_items x WHERE x.batch_id = i.batch_id AND x.processed_at >= c.cutoff)"
                        + " ORDER BY coalesce(i.progress_at, i.created_at) LIMIT ?6 FOR UPDATE OF i SKIP LOCKED", UUID.class)
                .setParameter(1, now).setParameter(2, config.interactive().toMillis()).setParameter(3, config.standard().toMillis())
                .setParameter(4, config.bulk().toMillis()).setParameter(5, vendorId == null ? null : vendorId.toString())
                .setParameter(6, config.page()).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(new Swept(0, 0)) : items.list("id in ?1", ids)
                        .chain(stale -> handle(stale, now)));
    }

    private Uni<Swept> handle(List<GenerationItem> stale, Instant now) {
        List<StudioEvent> events = new ArrayList<>();
        Map<UUID, List<GenerationItem>> failing = new HashMap<>();
        Map<UUID, List<GenerationItem>> resending = new HashMap<>();
        for (GenerationItem item : stale) {
            (item.attempt <= config.resends() ? resending : failing).computeIfAbsent(item.batchId, k -> new ArrayList<>()).add(item);
        }
        Uni<Void> done = Uni.createFrom().voidItem();
        for (UUID batchId : union(resending, failing)) {
            done = done.chain(() -> batches.findById(batchId, LockModeType.PESSIMISTIC_WRITE).invoke(batch -> {
                for (GenerationItem item : resending.getOrDefault(batchId, List.of())) {
                    Duration silent = silentFor(item, now);
                    item.attempt++;
                    item.status = ItemStatus.PENDING;
                    item.progressAt = now;
                    events.add(ItemJobs.of(batch, item, Priority.NORMAL));
                    LOG.warnf("Item %s of batch %s: no sign of life for %s; sent again as attempt %d", item.id, batchId, silent,
                            item.attempt);
                }
                for (GenerationItem item : failing.getOrDefault(batchId, List.of())) {
                    Duration silent = silentFor(item, now);
                    item.status = ItemStatus.FAILED;
                    item.processedAt = now;
                    item.errorMessage = "no sign of life for " + silent.toMinutes() + " minute(s) after " + item.attempt
                            + " attempt(s): its job was lost; retry the batch to send it again";
                    events.addAll(Results.count(batch, item, now));
                    LOG.warnf("Item %s of batch %s failed: %s", item.id, batchId, item.errorMessage);
                }
            }).replaceWithVoid());
        }
        int resent = resending.values().stream().mapToInt(List::size).sum();
        int failed = failing.values().stream().mapToInt(List::size).sum();
        return done.chain(() -> outbox.publishAll(events)).replaceWith(new Swept(resent, failed));
    }

    /** How long the item has gone without a sign of life. */
    private static Duration silentFor(GenerationItem item, Instant now) {
        return Duration.between(item.progressAt == null ? item.createdAt : item.progressAt, now);
    }

    private static List<UUID> union(Map<UUID, ?> a, Map<UUID, ?> b) {
        List<UUID> all = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(all::add);
        return all;
    }
}
