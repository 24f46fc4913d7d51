package studio.batch.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.batch.config.BatchConfig;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.GenerationBatch;
import studio.common.catalog.Model;
import studio.common.catalog.Pricing;
import studio.common.events.Lane;

/**
 * Estimated time. Work that waits in the fair queue is estimated from the vendor's {@link Place} in
 * its lane: its own jobs ahead, the other vendors' turns among them by weight, the jobs already in
 * the fleet, at the lane's pace (the images of the lane that ended in the last five minutes while it
 * had work waiting; otherwise at least the fleet's). A batch whose jobs have all gone to the fleet is
 * estimated from its own pace. The fleet's pace is the images that ended in the last five minutes
 * when there is a backlog; without one, or before any image ended, it is at least
 * {@code studio.estimates.images-per-minute} (set it to what the provider account allows).
 */
@ApplicationScoped
public class Estimates {

    /** The most other vendors of a lane weighed one by one (the rest are taken together). */
    static final int OTHERS_LISTED = 1000;

    private final double configuredPerMinute;
    private final BigDecimal bulkPriceFactor;
    private final studio.batch.queue.Plans plans;

    @Inject
    public Estimates(BatchConfig.Estimates config, studio.batch.queue.Plans plans) {
        this(config.imagesPerMinute(), config.bulkPriceFactor(), plans);
    }

    Estimates(double configuredPerMinute, double bulkPriceFactor) {
        this(configuredPerMinute, bulkPriceFactor, null);
    }

    private Estimates(double configuredPerMinute, double bulkPriceFactor, studio.batch.queue.Plans plans) {
        this.plans = plans;
        if (!(configuredPerMinute > 0)) {
            throw new IllegalArgumentException("studio.estimates.images-per-minute must be above 0, not " + configuredPerMinute);
        }
        if (!(bulkPriceFactor > 0 && bulkPriceFactor <= 1)) {
            throw new IllegalArgumentException("studio.estimates.bulk-price-factor must be above 0 and at most 1, not " + bulkPriceFactor);
        }
        this.configuredPerMinute = configuredPerMinute;
        this.bulkPriceFactor = BigDecimal.valueOf(bulkPriceFactor);
    }

    /**
     * The estimate of one image on a lane: the catalog's, times {@code studio.estimates.bulk-price-factor}
     * on the bulk lane (set it to the workers' {@code studio.worker.batch-api.price-factor} when they
     * send bulk work through the Batch API; 1 otherwise).
     */
    public BigDecimal price(Model model, Lane lane, Map<String, Object> parameters, int promptLength) {
        BigDecimal estimate = model.estimate(parameters, promptLength);
        return lane == Lane.BULK ? estimate.multiply(bulkPriceFactor).setScale(Pricing.SCALE, RoundingMode.HALF_UP) : estimate;
    }

    /** The fleet now: images per minute it is taken to deliver, and the items queued or running. */
    public record Fleet(double imagesPerMinute, long backlog, boolean observed) {

        /** Seconds until {@code images} new images are done, behind the backlog. */
        public long secondsFor(int images) {
            return seconds(backlog + images);
        }

        /**
         * Seconds until the batch is done: from its own pace once some of its images ended, else
         * behind the backlog (which holds its items); 0 once it has ended.
         */
        public long secondsLeft(GenerationBatch batch, Instant now) {
            int ended = batch.completedImages + batch.failedImages + batch.cancelledImages;
            int remaining = batch.totalImages - ended;
            if (remaining <= 0 || batch.status == BatchStatus.CANCELLED || batch.completedAt != null) {
                return 0;
            }
            double elapsed = Math.max(1, Duration.between(batch.createdAt, now).toSeconds());
            if (batch.completedImages + batch.failedImages > 0) {
                return Math.round(remaining * elapsed / (batch.completedImages + batch.failedImages));
            }
            return seconds(Math.max(backlog, remaining));
        }

        private long seconds(long images) {
            return Math.round(Math.ceil(images * 60.0 / imagesPerMinute));
        }
    }

    /** One look at the queue (in the caller's session, or a session of its own). */
    @WithSession
    public Uni<Fleet> fleet() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT (SELECT count(*) FROM generation_items WHERE processed_at > now() - interval '5 minutes'"
                        + "   AND status IN ('completed', 'failed')),"
                        + " (SELECT count(*) FROM generation_items WHERE status IN ('pending', 'processing'))", Object[].class)
                .getSingleResult())
                .map(row -> {
                    double recent = ((Number) row[0]).longValue() / 5.0;
                    long backlog = ((Number) row[1]).longValue();
                    boolean observed = backlog > 0 && recent > 0;
                    return new Fleet(observed ? recent : Math.max(recent, configuredPerMinute), backlog, observed);
                });
    }

    /** The vendor's place in a lane (in the caller's session, or a session of its own). */
    @WithSession
    public Uni<studio.batch.queue.Place> place(java.util.UUID vendorId, Lane lane) {
        Object[] planArrays = plans.asArrays();
        String others = " FROM vendor_lanes l LEFT JOIN vendor_plans p ON p.vendor_id = l.vendor_id"
                + " LEFT JOIN unnest(cast(?3 AS text[]), cast(?4 AS float8[])) AS pw(plan, weight) ON pw.plan = coalesce(p.plan, ?5)"
                + " WHERE l.lane = ?1 AND l.waiting > 0 AND l.vendor_id <> ?2";
        String weight = "coalesce(p.weight, pw.weight, 1)";
        return fleet().chain(fleet -> Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT (SELECT count(*) FROM generation_items WHERE lane = ?1 AND released_at IS NOT NULL"
                        + "   AND status IN ('pending', 'processing')),"
                        + " (SELECT count(*) FROM generation_items WHERE lane = ?1 AND processed_at > now() - interval '5 minutes'"
                        + "   AND status IN ('completed', 'failed')),"
                        + " (SELECT coalesce(sum(waiting), 0) FROM vendor_lanes WHERE lane = ?1 AND waiting > 0),"
                        + " (SELECT waiting FROM vendor_lanes WHERE lane = ?1 AND vendor_id = ?2),"
                        + " (SELECT plan FROM vendor_plans WHERE vendor_id = ?2), (SELECT weight FROM vendor_plans WHERE vendor_id = ?2)",
                Object[].class).setParameter(1, lane.wireName()).setParameter(2, vendorId).getSingleResult()
                .chain(row -> session.createNativeQuery("SELECT l.waiting, " + weight + others + " ORDER BY l.waiting / " + weight
                        + " LIMIT ?6", Object[].class).setParameter(1, lane.wireName()).setParameter(2, vendorId)
                        .setParameter(3, planArrays[0]).setParameter(4, planArrays[1]).setParameter(5, plans.defaultPlan())
                        .setParameter(6, OTHERS_LISTED).getResultList()
                        .chain(listed -> session.createNativeQuery("SELECT coalesce(sum(l.waiting), 0), coalesce(sum(" + weight + "), 0), count(*)"
                                + others, Object[].class).setParameter(1, lane.wireName()).setParameter(2, vendorId)
                                .setParameter(3, planArrays[0]).setParameter(4, planArrays[1]).setParameter(5, plans.defaultPlan())
                                .getSingleResult().map(all -> {
                                    long outstanding = ((Number) row[0]).longValue();
                                    double recent = ((Number) row[1]).longValue() / 5.0;
                                    boolean busy = ((Number) row[2]).longValue() > 0;
                                    long mine = row[3] == null ? 0 : ((Number) row[3]).longValue();
                                    double myWeight = plans.weight((String) row[4], row[5] == null ? null : ((Number) row[5]).doubleValue());
                                    List<double[]> each = new java.util.ArrayList<>();
                                    double listedWaiting = 0;
                                    double listedWeight = 0;
                                    for (Object[] other : listed) {
                                        double[] o = { ((Number) other[0]).doubleValue(), ((Number) other[1]).doubleValue() };
                                        each.add(o);
                                        listedWaiting += o[0];
                                        listedWeight += o[1];
                                    }
                                    double pace = busy && recent > 0 ? recent : Math.max(recent, fleet.imagesPerMinute());
                                    return new studio.batch.queue.Place(mine, myWeight, each,
                                            Math.max(0, ((Number) all[0]).doubleValue() - listedWaiting),
                                            Math.max(0, ((Number) all[1]).doubleValue() - listedWeight), ((Number) all[2]).intValue(),
                                            outstanding, pace);
                                })))));
    }

    /**
     * Seconds until each batch is done: a batch with jobs still waiting in the fair queue from its
     * vendor's place (its vendor's jobs up to its last one, and the others' turns among them), else as
     * {@link Fleet#secondsLeft}. In the caller's session, or a session of its own.
     */
    @WithSession
    public Uni<java.util.Map<java.util.UUID, Long>> secondsLeft(List<GenerationBatch> batches) {
        java.util.Map<java.util.UUID, Long> left = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<Lane, studio.batch.queue.Place> places = new java.util.concurrent.ConcurrentHashMap<>();
        return fleet().chain(fleet -> {
            Instant now = Instant.now();
            Uni<Void> done = Uni.createFrom().voidItem();
            for (GenerationBatch batch : batches) {
                long fromPace = fleet.secondsLeft(batch, now);
                if (fromPace == 0 || batch.status == BatchStatus.SCHEDULED) {
                    left.put(batch.id, fromPace);
                    continue;
                }
                Lane lane = laneOf(batch);
                done = done.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*) FROM waiting_jobs WHERE vendor_id = ?1 AND lane = ?2"
                                + " AND seq <= (SELECT max(seq) FROM waiting_jobs WHERE batch_id = ?3)", Long.class)
                        .setParameter(1, batch.vendorId).setParameter(2, lane.wireName()).setParameter(3, batch.id).getSingleResult())
                        .chain(through -> {
                            if (through == 0) {
                                left.put(batch.id, fromPace);
                                return Uni.createFrom().voidItem();
                            }
                            Uni<studio.batch.queue.Place> place = places.containsKey(lane) ? Uni.createFrom().item(places.get(lane))
                                    : place(batch.vendorId, lane).invoke(p -> places.put(lane, p));
                            return place.invoke(p -> left.put(batch.id, p.secondsThrough(through))).replaceWithVoid();
                        }));
            }
            return done.replaceWith(left);
        });
    }

    private static Lane laneOf(GenerationBatch batch) {
        Object lane = batch.config == null ? null : batch.config.get("lane");
        return lane == null ? Lane.STANDARD : studio.common.api.WireNames.parse(Lane.class, String.valueOf(lane));
    }
}
