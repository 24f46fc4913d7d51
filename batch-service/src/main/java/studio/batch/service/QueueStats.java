package studio.batch.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.catalog.Pricing;
import studio.common.events.Lane;

/**
 * A vendor's queue figures, computed from its items: what waits per lane, how fast images finish,
 * how many succeed, and how long an image takes from request to result.
 */
@ApplicationScoped
public class QueueStats {

    /**
     * {@code depth}: items not yet ended per lane; {@code imagesPerMinute}: images ended in the last 5
     * minutes, per minute; {@code successRate}: completed among ended in the last 24 hours (null before
     * any); {@code averageSecondsPerImage}: request to result, over the images completed in the last
     * 24 hours (null before any); {@code completedLast24h}, {@code failedLast24h};
     * {@code costLast24hUsd} and {@code costThisMonthUsd} (UTC month) from the cost ledger, failed
     * attempts included; {@code averageCostPerImageUsd}: the last 24 hours' cost per completed image
     * (null before any); {@code scheduled}: items of batches still waiting for their time (not in
     * {@code depth}); {@code last30Days}: the quality figures of {@link Quality}; {@code places}: the
     * vendor's place in each lane's fair queue ({@link LanePlace}).
     */
    public record Figures(Map<String, Long> depth, long scheduled, double imagesPerMinute, Double successRate,
            Double averageSecondsPerImage, long completedLast24h, long failedLast24h, BigDecimal costLast24hUsd,
            BigDecimal costThisMonthUsd, BigDecimal averageCostPerImageUsd, Quality last30Days, Map<String, LanePlace> places) {
    }

    /**
     * The vendor's place in a lane: {@code waiting} its jobs waiting their turn (a new job comes after
     * them); {@code othersWaiting} the other vendors' waiting jobs and {@code otherVendors} how many
     * they are; {@code weight} and {@code share} (its weight against those of every vendor with work
     * waiting: the part of the lane it gets while it has work); {@code inFleet} the lane's jobs the
     * workers hold; {@code laneImagesPerMinute} and {@code imagesPerMinute} (the lane's pace and the
     * vendor's part of it); {@code expectedStartSeconds} until a new job of the vendor starts.
     */
    public record LanePlace(long waiting, long othersWaiting, int otherVendors, double weight, double share, long inFleet,
            double laneImagesPerMinute, double imagesPerMinute, long expectedStartSeconds) {

        static LanePlace of(studio.batch.queue.Place place) {
            return new LanePlace(place.waiting(), place.othersWaiting(), place.otherVendors(), place.weight(), round(place.share()),
                    place.outstanding(), round(place.imagesPerMinute()), round(place.vendorImagesPerMinute()), place.secondsToStart());
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }

    private final Estimates estimates;

    public QueueStats(Estimates estimates) {
        this.estimates = estimates;
    }

    /**
     * The seed's quality and cost metrics over the items requested in the last 30 days:
     * {@code images} requested; {@code ratedImages} and {@code averageRating} (1 to 5, null before
     * any rating); {@code regenerationRate}: images the vendor asked to generate afresh although it
     * had one for the identical request (low is good); {@code cacheHits}, {@code cacheHitRate} and
     * {@code cacheSavedUsd}: images reused from identical earlier requests and what they would have
     * cost; {@code costPerSuccessfulImageUsd}: the ledger's cost over the completed images (reused
     * ones count as successes at no cost; null before any); {@code batches}: the batches started (not
     * single images or A/B tests), {@code batchesPerWeek} (over the 30 days) and {@code imagesPerBatch}
     * (their average size, null before any).
     */
    public record Quality(long images, long ratedImages, Double averageRating, Double regenerationRate, long cacheHits,
            Double cacheHitRate, BigDecimal cacheSavedUsd, BigDecimal costPerSuccessfulImageUsd, long batches, double batchesPerWeek,
            Double imagesPerBatch) {
    }

    @WithSession
    public Uni<Figures> of(UUID vendorId) {
        Uni<List<Object[]>> depth = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT coalesce(b.config ->> 'lane', 'standard'), count(*) FROM generation_items i"
                        + " JOIN generation_batches b ON b.id = i.batch_id"
                        + " WHERE i.vendor_id = ?1 AND i.status IN ('pending', 'processing') AND b.status <> 'scheduled' GROUP BY 1",
                        Object[].class)
                .setParameter(1, vendorId).getResultList());
        Uni<Object[]> recent = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FILTER (WHERE status IN ('completed', 'failed') AND processed_at > now() - interval '5 minutes'),"
                        + " count(*) FILTER (WHERE status = 'completed'),"
                        + " count(*) FILTER (WHERE status = 'failed'),"
                        + " avg(extract(epoch FROM processed_at - created_at)) FILTER (WHERE status = 'completed')"
                        + " FROM generation_items WHERE vendor_id = ?1 AND processed_at > now() - interval '24 hours'", Object[].class)
                .setParameter(1, vendorId).getSingleResult());
        Uni<Object[]> cost = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT coalesce(sum(cost_usd) FILTER (WHERE recorded_at > now() - interval '24 hours'), 0),"
                        + " coalesce(sum(cost_usd) FILTER (WHERE recorded_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), 0)"
                        + " FROM cost_ledger WHERE vendor_id = ?1"
                        + " AND recorded_at >= least(now() - interval '24 hours', date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')",
                Object[].class).setParameter(1, vendorId).getSingleResult());
        Uni<Object[]> quality = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*), count(i.rating), avg(i.rating), count(i.regeneration_of), count(i.cached_from),"
                        + " coalesce(sum(i.saved_usd), 0), count(*) FILTER (WHERE i.status = 'completed'),"
                        + " (SELECT coalesce(sum(cost_usd), 0) FROM cost_ledger WHERE vendor_id = ?1 AND recorded_at > now() - interval '30 days'),"
                        + " (SELECT count(*) FROM generation_items s JOIN generation_batches sb ON sb.id = s.batch_id"
                        + "  WHERE s.vendor_id = ?1 AND s.status = 'pending' AND sb.status = 'scheduled'),"
                        + " (SELECT count(*) FROM generation_batches WHERE vendor_id = ?1 AND created_at > now() - interval '30 days'"
                        + "  AND config ->> 'kind' = 'batch'),"
                        + " (SELECT avg(total_images) FROM generation_batches WHERE vendor_id = ?1 AND created_at > now() - interval '30 days'"
                        + "  AND config ->> 'kind' = 'batch')"
                        + " FROM generation_items i WHERE i.vendor_id = ?1 AND i.created_at > now() - interval '30 days'", Object[].class)
                .setParameter(1, vendorId).getSingleResult());
        Map<String, LanePlace> places = new LinkedHashMap<>();
        Uni<Void> placed = Uni.createFrom().voidItem();
        for (Lane lane : Lane.values()) {
            placed = placed.chain(() -> estimates.place(vendorId, lane).invoke(p -> places.put(lane.wireName(), LanePlace.of(p))))
                    .replaceWithVoid();
        }
        Uni<Void> allPlaced = placed;
        return depth.chain(lanes -> recent.chain(row -> cost.chain(spent -> quality.chain(q -> allPlaced.map(ignored -> {
            Map<String, Long> perLane = new LinkedHashMap<>();
            for (Lane lane : Lane.values()) {
                perLane.put(lane.wireName(), 0L);
            }
            lanes.forEach(l -> perLane.put(String.valueOf(l[0]), ((Number) l[1]).longValue()));
            long lastFive = ((Number) row[0]).longValue();
            long completed = ((Number) row[1]).longValue();
            long failed = ((Number) row[2]).longValue();
            Double average = row[3] == null ? null : ((Number) row[3]).doubleValue();
            Double success = completed + failed == 0 ? null : (double) completed / (completed + failed);
            BigDecimal lastDay = Costs.usd(spent[0]);
            BigDecimal perImage = completed == 0 ? null
                    : lastDay.divide(BigDecimal.valueOf(completed), Pricing.SCALE, RoundingMode.HALF_UP);
            long images = ((Number) q[0]).longValue();
            long hits = ((Number) q[4]).longValue();
            long succeeded = ((Number) q[6]).longValue();
            BigDecimal monthCost = Costs.usd(q[7]);
            Quality last30Days = new Quality(images, ((Number) q[1]).longValue(), q[2] == null ? null : ((Number) q[2]).doubleValue(),
                    images == 0 ? null : ((Number) q[3]).doubleValue() / images, hits, images == 0 ? null : (double) hits / images,
                    Costs.usd(q[5]), succeeded == 0 ? null
                            : monthCost.divide(BigDecimal.valueOf(succeeded), Pricing.SCALE, RoundingMode.HALF_UP),
                    ((Number) q[9]).longValue(), Math.round(((Number) q[9]).longValue() * 7.0 / 30 * 10) / 10.0,
                    q[10] == null ? null : Math.round(((Number) q[10]).doubleValue() * 10) / 10.0);
            return new Figures(perLane, ((Number) q[8]).longValue(), lastFive / 5.0, success, average, completed, failed, lastDay,
                    Costs.usd(spent[1]), perImage, last30Days, places);
        })))));
    }
}
