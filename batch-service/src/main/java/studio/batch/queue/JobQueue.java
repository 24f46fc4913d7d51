package studio.batch.queue;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import studio.common.events.GenerationJob;
import studio.common.outbox.Outbox;
import studio.common.outbox.OutboxEvent;
import studio.common.persistence.NativeSql;

/**
 * Where a job waits for its turn: every job batch-service makes (a new batch, a scheduled batch's
 * release, a retry, an A/B test) is queued here in the caller's transaction instead of going to the
 * outbox, and the {@link Releaser} publishes it when the fleet has room and its vendor's turn has
 * come. Only a job the watchdog sends again skips the queue (its item already held its place).
 */
@ApplicationScoped
public class JobQueue {

    private final Outbox outbox;

    public JobQueue(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Queues the jobs, in their order, in the current transaction: each as the event it will be
     * published as (so an event too large is refused now, with the request, not at its release), and
     * its vendor's count of waiting jobs in the lane. A vendor whose lane was empty joins at the lane's
     * virtual time. An item sent before (a retry) waits again as not released.
     */
    public Uni<Void> enqueue(List<GenerationJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = jobs.size();
        UUID[] items = new UUID[n];
        UUID[] batches = new UUID[n];
        UUID[] vendors = new UUID[n];
        String[] lanes = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            GenerationJob job = jobs.get(i);
            OutboxEvent row = outbox.prepare(job);
            items[i] = job.itemId();
            batches[i] = job.batchId();
            vendors[i] = job.vendorId();
            lanes[i] = job.lane().wireName();
            payloads[i] = row.payload;
        }
        return NativeSql.update("INSERT INTO waiting_jobs (item_id, batch_id, vendor_id, lane, payload)"
                + " SELECT j.item_id, j.batch_id, j.vendor_id, j.lane, j.payload"
                + " FROM unnest(cast(?1 AS uuid[]), cast(?2 AS uuid[]), cast(?3 AS uuid[]), cast(?4 AS text[]), cast(?5 AS text[]))"
                + " WITH ORDINALITY AS j(item_id, batch_id, vendor_id, lane, payload, position) ORDER BY j.position",
                items, batches, vendors, lanes, payloads)
                .chain(() -> NativeSql.update("INSERT INTO vendor_lanes AS l (vendor_id, lane, waiting, pass)"
                        + " SELECT j.vendor_id, j.lane, count(*), (SELECT c.virtual_time FROM lane_clocks c WHERE c.lane = j.lane)"
                        + " FROM unnest(cast(?1 AS uuid[]), cast(?2 AS text[])) AS j(vendor_id, lane) GROUP BY j.vendor_id, j.lane"
                        + " ON CONFLICT (vendor_id, lane) DO UPDATE SET waiting = l.waiting + excluded.waiting,"
                        + " pass = CASE WHEN l.waiting = 0 THEN greatest(l.pass, excluded.pass) ELSE l.pass END",
                        vendors, lanes))
                .chain(() -> NativeSql.update("UPDATE generation_items SET released_at = NULL WHERE id = ANY(cast(?1 AS uuid[]))"
                        + " AND released_at IS NOT NULL", (Object) items))
                .replaceWithVoid();
    }

    /** Takes a batch's waiting jobs out of the queue (it was cancelled), in the current transaction. */
    public Uni<Void> drop(UUID batchId) {
        return NativeSql.update("WITH gone AS (DELETE FROM waiting_jobs WHERE batch_id = ?1 RETURNING vendor_id, lane),"
                + " counted AS (SELECT vendor_id, lane, count(*) AS n FROM gone GROUP BY vendor_id, lane)"
                + " UPDATE vendor_lanes l SET waiting = greatest(0, l.waiting - counted.n) FROM counted"
                + " WHERE l.vendor_id = counted.vendor_id AND l.lane = counted.lane", batchId).replaceWithVoid();
    }
}
