package studio.batch.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.batch.config.BatchConfig;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.common.messaging.UntilAvailable;
import studio.common.outbox.Outbox;
import studio.common.outbox.OutboxEvent;

/**
 * Releases waiting jobs to the lanes' topics as the fleet drains. Every {@code release-interval} one
 * replica (whichever takes the transaction's advisory lock) looks at each lane: the jobs the fleet
 * holds (released, not ended) against the lane's {@link ReleaseWindow}; the room left goes to the
 * vendors with jobs waiting, in {@link StrideOrder} by their plans' weights; the chosen jobs move to
 * the outbox in that order, in one transaction with the vendors' new passes. The lanes' windows are
 * measured again every second from the jobs that ended. So the fleet never holds more than a few
 * seconds of queued work, and a vendor's new job waits only for its turn, never behind another
 * vendor's whole backlog; urgent work has a lane of its own, which the workers serve first.
 */
@ApplicationScoped
public class Releaser {

    private static final Logger LOG = Logger.getLogger(Releaser.class);
    /** The most jobs one lane releases in one look (the next look releases more). */
    static final int MAX_PER_LOOK = 1000;
    private static final long ADJUST_EVERY_MS = 1000;

    private final Pool pool;
    private final Outbox outbox;
    private final BatchConfig.Queue config;
    private final Vertx vertx;
    private final ReleaseWindow windows;
    private final AtomicBoolean looking = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Per lane, whether its window was full while jobs waited since the last measurement. */
    private final Map<Lane, Boolean> wasFull = new EnumMap<>(Lane.class);
    private final Map<Lane, LaneState> last = new EnumMap<>(Lane.class);
    private long lastAdjustMillis;
    private volatile boolean stopped;
    private long timer = -1;

    private final UntilAvailable untilAvailable;
    private final Plans plans;

    public Releaser(Pool pool, Outbox outbox, BatchConfig.Queue config, Vertx vertx, MeterRegistry registry, UntilAvailable untilAvailable,
            Plans plans) {
        this.pool = pool;
        this.plans = plans;
        this.untilAvailable = untilAvailable;
        this.outbox = outbox;
        this.config = config;
        this.vertx = vertx;
        this.windows = new ReleaseWindow(config.minWindow(), config.maxWindow(), config.ahead().toMillis() / 1000.0);
        for (Lane lane : Lane.values()) {
            wasFull.put(lane, false);
            Gauge.builder("studio.queue.waiting", this, r -> r.state(lane).waiting()).tag("lane", lane.wireName())
                    .description("Jobs waiting in batch-service for their turn (as last seen by this replica's releaser)").register(registry);
            Gauge.builder("studio.queue.outstanding", this, r -> r.state(lane).outstanding()).tag("lane", lane.wireName())
                    .description("Jobs released to the fleet and not ended").register(registry);
            Gauge.builder("studio.queue.window", this, r -> r.state(lane).window()).tag("lane", lane.wireName())
                    .description("The most jobs of the lane the fleet may hold at once").register(registry);
        }
    }

    /** A lane as one look saw it. */
    public record LaneState(Lane lane, long waiting, long outstanding, double window, double virtualTime) {
    }

    private synchronized LaneState state(Lane lane) {
        return last.getOrDefault(lane, new LaneState(lane, 0, 0, config.minWindow(), 0));
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(10, config.releaseInterval().toMillis()), id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Looks for room now (a wake during a look makes one more look right after it). */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!looking.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        long began = System.nanoTime();
        // an outage of the database is waited out (and shown in readiness); the ticks meanwhile make one look after it
        untilAvailable.<Integer>run("fair queue releases", this::releaseOnce).subscribe().with(released -> {
            LOG.debugf("A look at the lanes released %d job(s) in %d ms", released.intValue(), (Object) ((System.nanoTime() - began) / 1_000_000));
            looking.set(false);
            if (again.get() || released >= MAX_PER_LOOK) {
                wake();
            }
        }, failure -> {
            looking.set(false);
            LOG.warnf("Could not release waiting jobs: %s", failure.getMessage());
        });
    }

    /** One look at every lane, in a transaction of its own; answers how many jobs it released (0 when another replica looks). */
    public Uni<Integer> releaseOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended('studio.queue.release', 0)) AS mine").execute()
                .chain(rows -> rows.iterator().next().getBoolean("mine") ? lanes(connection) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> lanes(SqlConnection connection) {
        return connection.preparedQuery("SELECT c.lane, c.virtual_time, c.release_window,"
                + " (SELECT count(*) FROM generation_items i WHERE i.lane = c.lane AND i.released_at IS NOT NULL"
                + "   AND i.status IN ('pending', 'processing')) AS outstanding,"
                + " (SELECT coalesce(sum(v.waiting), 0) FROM vendor_lanes v WHERE v.lane = c.lane AND v.waiting > 0) AS waiting"
                + " FROM lane_clocks c").execute().chain(rows -> {
                    List<LaneState> states = new ArrayList<>();
                    for (Row row : rows) {
                        Lane lane = laneOf(row.getString("lane"));
                        Double window = row.getDouble("release_window");
                        // within the configured bounds as they are now (a stored window may predate a change of them)
                        double bounded = window == null ? config.minWindow() : Math.max(config.minWindow(), Math.min(config.maxWindow(), window));
                        states.add(new LaneState(lane, row.getLong("waiting"), row.getLong("outstanding"), bounded,
                                row.getDouble("virtual_time")));
                    }
                    synchronized (this) {
                        states.forEach(s -> last.put(s.lane(), s));
                    }
                    LOG.tracef("Lanes: %s", states);
                    Uni<Integer> released = Uni.createFrom().item(0);
                    for (Lane lane : Lane.values()) {
                        LaneState state = states.stream().filter(s -> s.lane() == lane).findFirst().orElse(null);
                        if (state == null || state.waiting() == 0) {
                            continue;
                        }
                        long room = unwindowed(lane) ? MAX_PER_LOOK : (long) Math.floor(state.window()) - state.outstanding();
                        if (room < state.waiting()) {
                            wasFull.put(lane, true);
                        }
                        if (room <= 0) {
                            continue;
                        }
                        int take = (int) Math.min(MAX_PER_LOOK, room);
                        released = released.chain(sum -> release(connection, state, take).map(n -> sum + n));
                    }
                    return released.chain(sum -> adjust(connection, states).replaceWith(sum));
                });
    }

    private boolean unwindowed(Lane lane) {
        return lane == Lane.BULK && config.bulkThroughBatchApi();
    }

    /** Releases up to {@code room} jobs of a lane in the vendors' turns. */
    private Uni<Integer> release(SqlConnection connection, LaneState state, int room) {
        String lane = state.lane().wireName();
        return connection.preparedQuery("SELECT l.vendor_id, l.waiting, l.pass, p.plan, p.weight FROM vendor_lanes l"
                + " LEFT JOIN vendor_plans p ON p.vendor_id = l.vendor_id"
                + " WHERE l.lane = $1 AND l.waiting > 0 ORDER BY l.pass, l.vendor_id LIMIT $2").execute(Tuple.of(lane, room))
                .chain(rows -> {
                    List<StrideOrder.Turn> turns = new ArrayList<>();
                    Map<UUID, StrideOrder.Turn> byVendor = new HashMap<>();
                    for (Row row : rows) {
                        StrideOrder.Turn turn = new StrideOrder.Turn(row.getUUID("vendor_id"), row.getInteger("waiting"),
                                row.getDouble("pass"), plans.weight(row.getString("plan"), row.getDouble("weight")));
                        turns.add(turn);
                        byVendor.put(turn.vendorId(), turn);
                    }
                    StrideOrder.Picks picks = StrideOrder.pick(turns, room, state.virtualTime());
                    if (picks.order().isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Map<UUID, Integer> counts = picks.counts();
                    return take(connection, lane, counts).chain(taken -> publish(connection, state.lane(), picks, taken)
                            .chain(() -> advance(connection, lane, picks, counts, taken, byVendor))
                            .replaceWith(taken.values().stream().mapToInt(List::size).sum()));
                });
    }

    /** A job taken from the queue: its item and its event. */
    private record Taken(UUID itemId, String payload) {
    }

    /** Takes each vendor's next jobs (first in, first out) out of the queue; per vendor, in order. */
    private Uni<Map<UUID, List<Taken>>> take(SqlConnection connection, String lane, Map<UUID, Integer> counts) {
        UUID[] vendors = counts.keySet().toArray(UUID[]::new);
        Integer[] ns = counts.values().toArray(Integer[]::new);
        return connection.preparedQuery("DELETE FROM waiting_jobs w USING (SELECT j.item_id FROM unnest(cast($1 AS uuid[]), cast($2 AS int[]))"
                + " AS p(vendor_id, n) CROSS JOIN LATERAL (SELECT x.item_id FROM waiting_jobs x WHERE x.vendor_id = p.vendor_id"
                + " AND x.lane = $3 ORDER BY x.seq LIMIT p.n) j) t WHERE w.item_id = t.item_id"
                + " RETURNING w.item_id, w.vendor_id, w.seq, w.payload").execute(Tuple.of(vendors, ns, lane)).map(rows -> {
                    Map<UUID, List<Object[]>> byVendor = new HashMap<>();
                    for (Row row : rows) {
                        byVendor.computeIfAbsent(row.getUUID("vendor_id"), v -> new ArrayList<>())
                                .add(new Object[] { row.getLong("seq"), new Taken(row.getUUID("item_id"), row.getString("payload")) });
                    }
                    Map<UUID, List<Taken>> taken = new HashMap<>();
                    byVendor.forEach((vendor, list) -> {
                        list.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
                        taken.put(vendor, list.stream().map(o -> (Taken) o[1]).toList());
                    });
                    return taken;
                });
    }

    /** The taken jobs to the outbox in the turns' order, and their items marked released. */
    private Uni<Void> publish(SqlConnection connection, Lane lane, StrideOrder.Picks picks, Map<UUID, List<Taken>> taken) {
        Map<UUID, ArrayDeque<Taken>> left = new HashMap<>();
        taken.forEach((vendor, jobs) -> left.put(vendor, new ArrayDeque<>(jobs)));
        List<OutboxEvent> rows = new ArrayList<>();
        List<UUID> items = new ArrayList<>();
        String topic = Topics.jobs(lane);
        for (UUID vendor : picks.order()) {
            ArrayDeque<Taken> jobs = left.get(vendor);
            Taken job = jobs == null ? null : jobs.pollFirst();
            if (job != null) {
                rows.add(outbox.row(topic, job.itemId().toString(), GenerationJob.TYPE, job.payload()));
                items.add(job.itemId());
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return outbox.insert(connection, rows)
                .chain(() -> connection.preparedQuery("UPDATE generation_items SET released_at = now(), progress_at = now()"
                        + " WHERE id = ANY(cast($1 AS uuid[]))").execute(Tuple.of((Object) items.toArray(UUID[]::new))))
                .invoke(() -> LOG.debugf("Released %d job(s) of lane %s", rows.size(), lane.wireName()))
                .replaceWithVoid();
    }

    /**
     * The chosen vendors' passes and counts moved on, and the lane's virtual time. A vendor that had
     * fewer jobs than its count said (a batch cancelled meanwhile) is counted again from the queue.
     */
    private Uni<Void> advance(SqlConnection connection, String lane, StrideOrder.Picks picks, Map<UUID, Integer> counts,
            Map<UUID, List<Taken>> taken, Map<UUID, StrideOrder.Turn> turns) {
        int n = counts.size();
        UUID[] vendors = new UUID[n];
        Integer[] got = new Integer[n];
        Double[] passes = new Double[n];
        Boolean[] recount = new Boolean[n];
        int i = 0;
        for (Map.Entry<UUID, Integer> count : counts.entrySet()) {
            UUID vendor = count.getKey();
            int had = taken.getOrDefault(vendor, List.of()).size();
            StrideOrder.Turn turn = turns.get(vendor);
            vendors[i] = vendor;
            got[i] = had;
            passes[i] = had == count.getValue() ? picks.passes().get(vendor)
                    : Math.max(turn.pass(), picks.virtualTime()) + had / turn.weight();
            recount[i] = had < count.getValue();
            i++;
        }
        return connection.preparedQuery("UPDATE vendor_lanes l SET pass = u.pass, waiting = CASE WHEN u.recount THEN"
                + " (SELECT count(*) FROM waiting_jobs w WHERE w.vendor_id = l.vendor_id AND w.lane = l.lane) ELSE l.waiting - u.n END"
                + " FROM unnest(cast($1 AS uuid[]), cast($2 AS int[]), cast($3 AS float8[]), cast($4 AS bool[])) AS u(vendor_id, n, pass, recount)"
                + " WHERE l.vendor_id = u.vendor_id AND l.lane = $5").execute(Tuple.of(vendors, got, passes, recount, lane))
                .chain(() -> connection.preparedQuery("UPDATE lane_clocks SET virtual_time = $1 WHERE lane = $2")
                        .execute(Tuple.of(picks.virtualTime(), lane)))
                .replaceWithVoid();
    }

    /** Every second: each busy lane's window from what ended over the last {@code measure}. */
    private Uni<Void> adjust(SqlConnection connection, List<LaneState> states) {
        long now = System.currentTimeMillis();
        if (now - lastAdjustMillis < ADJUST_EVERY_MS) {
            return Uni.createFrom().voidItem();
        }
        lastAdjustMillis = now;
        double seconds = config.measure().toMillis() / 1000.0;
        return connection.preparedQuery("SELECT lane, count(*) AS ended,"
                + " avg(duration_ms) FILTER (WHERE duration_ms IS NOT NULL) AS run_ms,"
                + " avg(extract(epoch FROM processed_at - released_at) * 1000 - duration_ms) FILTER (WHERE duration_ms IS NOT NULL) AS wait_ms"
                + " FROM generation_items WHERE processed_at > now() - make_interval(secs => $1) AND released_at IS NOT NULL"
                + " AND status IN ('completed', 'failed') GROUP BY lane").execute(Tuple.of(seconds)).chain(rows -> {
                    Map<Lane, ReleaseWindow.Measured> measured = new EnumMap<>(Lane.class);
                    for (Row row : rows) {
                        Double run = row.getDouble("run_ms");
                        Double wait = row.getDouble("wait_ms");
                        measured.put(laneOf(row.getString("lane")), new ReleaseWindow.Measured(row.getInteger("ended"), seconds,
                                run == null ? 0 : run / 1000.0, wait == null ? 0 : Math.max(0, wait / 1000.0)));
                    }
                    List<Lane> lanes = new ArrayList<>();
                    List<Double> sizes = new ArrayList<>();
                    for (LaneState state : states) {
                        if (state.waiting() == 0 && !measured.containsKey(state.lane())) {
                            continue;
                        }
                        double next = windows.next(state.window(), wasFull.get(state.lane()), measured.get(state.lane()));
                        wasFull.put(state.lane(), false);
                        if (Math.abs(next - state.window()) >= 1) {
                            LOG.debugf("Lane %s: window %.0f -> %.0f (%s)", state.lane().wireName(), state.window(), next,
                                    measured.get(state.lane()));
                        }
                        lanes.add(state.lane());
                        sizes.add(next);
                    }
                    if (lanes.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return connection.preparedQuery("UPDATE lane_clocks c SET release_window = u.size FROM unnest(cast($1 AS text[]),"
                            + " cast($2 AS float8[])) AS u(lane, size) WHERE c.lane = u.lane")
                            .execute(Tuple.of(lanes.stream().map(Lane::wireName).toArray(String[]::new), sizes.toArray(Double[]::new)))
                            .replaceWithVoid();
                });
    }

    private static Lane laneOf(String wireName) {
        return studio.common.api.WireNames.parse(Lane.class, wireName);
    }
}
