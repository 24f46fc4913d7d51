package studio.batch.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.batch.queue.Plans;
import studio.common.events.Lane;

/**
 * The fair queue across every vendor, for the platform's operators: each lane's depth (jobs waiting
 * their turn, jobs in the fleet, the vendors with work) and the vendors with the most work waiting,
 * each with its weight and share of its lane. A vendor sees only its own place ({@link QueueStats}).
 */
@ApplicationScoped
public class PlatformQueue {

    /** How many vendors the operators' view lists, those with the most jobs waiting first. */
    public static final int VENDORS_LISTED = 50;

    /**
     * One lane: {@code waiting} jobs waiting their turn in the fair queue, {@code inFleet} jobs
     * released to the workers and not ended, {@code vendorsWaiting} vendors with jobs waiting,
     * {@code imagesPerMinute} images the lane ended in the last 5 minutes, per minute.
     */
    public record LaneDepth(long waiting, long inFleet, long vendorsWaiting, double imagesPerMinute) {
    }

    /** A vendor's backlog in one lane: its jobs waiting, its plan, weight and share of the lane while it has work. */
    public record VendorBacklog(UUID vendorId, String lane, long waiting, String plan, double weight, double share) {
    }

    /**
     * {@code lanes} by name; {@code scheduled} images of batches still waiting for their time (in
     * no lane yet); {@code vendors} the {@value #VENDORS_LISTED} largest backlogs, largest first.
     */
    public record PlatformFigures(Map<String, LaneDepth> lanes, long scheduled, List<VendorBacklog> vendors) {
    }

    private final Plans plans;

    public PlatformQueue(Plans plans) {
        this.plans = plans;
    }

    @WithSession
    public Uni<PlatformFigures> figures() {
        Object[] planArrays = plans.asArrays();
        String weight = "coalesce(p.weight, pw.weight, 1)";
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT lane, coalesce(sum(waiting), 0), count(*) FROM vendor_lanes WHERE waiting > 0 GROUP BY lane", Object[].class)
                .getResultList()
                .chain(waiting -> session.createNativeQuery("SELECT lane, count(*), 0 FROM generation_items"
                        + " WHERE released_at IS NOT NULL AND status IN ('pending', 'processing') GROUP BY lane"
                        + " UNION ALL SELECT lane, 0, count(*) FROM generation_items"
                        + " WHERE processed_at > now() - interval '5 minutes' AND status IN ('completed', 'failed') GROUP BY lane",
                        Object[].class).getResultList()
                        .chain(fleet -> session.createNativeQuery("SELECT count(*) FROM generation_items i"
                                + " JOIN generation_batches b ON b.id = i.batch_id WHERE i.status = 'pending' AND b.status = 'scheduled'",
                                Long.class).getSingleResult()
                                .chain(scheduled -> session.createNativeQuery("SELECT l.vendor_id, l.lane, l.waiting, coalesce(p.plan, ?3), "
                                        + weight + ", " + weight + " / sum(" + weight + ") OVER (PARTITION BY l.lane)"
                                        + " FROM vendor_lanes l LEFT JOIN vendor_plans p ON p.vendor_id = l.vendor_id"
                                        + " LEFT JOIN unnest(cast(?1 AS text[]), cast(?2 AS float8[])) AS pw(plan, weight)"
                                        + "   ON pw.plan = coalesce(p.plan, ?3)"
                                        + " WHERE l.waiting > 0 ORDER BY l.waiting DESC, l.vendor_id LIMIT ?4", Object[].class)
                                        .setParameter(1, planArrays[0]).setParameter(2, planArrays[1])
                                        .setParameter(3, plans.defaultPlan()).setParameter(4, VENDORS_LISTED).getResultList()
                                        .map(vendors -> figures(waiting, fleet, scheduled, vendors))))));
    }

    private static PlatformFigures figures(List<Object[]> waiting, List<Object[]> fleet, long scheduled, List<Object[]> vendors) {
        Map<String, long[]> byLane = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            byLane.put(lane.wireName(), new long[4]);
        }
        for (Object[] row : waiting) {
            long[] lane = byLane.computeIfAbsent(String.valueOf(row[0]), l -> new long[4]);
            lane[0] = ((Number) row[1]).longValue();
            lane[2] = ((Number) row[2]).longValue();
        }
        for (Object[] row : fleet) {
            long[] lane = byLane.computeIfAbsent(String.valueOf(row[0]), l -> new long[4]);
            lane[1] += ((Number) row[1]).longValue();
            lane[3] += ((Number) row[2]).longValue();
        }
        Map<String, LaneDepth> lanes = new LinkedHashMap<>();
        byLane.forEach((name, l) -> lanes.put(name, new LaneDepth(l[0], l[1], l[2], l[3] / 5.0)));
        List<VendorBacklog> backlogs = new ArrayList<>();
        for (Object[] row : vendors) {
            backlogs.add(new VendorBacklog((UUID) row[0], (String) row[1], ((Number) row[2]).longValue(), (String) row[3],
                    ((Number) row[4]).doubleValue(), Math.round(((Number) row[5]).doubleValue() * 1000) / 1000.0));
        }
        return new PlatformFigures(lanes, scheduled, backlogs);
    }
}
