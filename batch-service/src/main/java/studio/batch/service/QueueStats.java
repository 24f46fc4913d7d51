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
import studio.common.catalog.ModelCatalog;
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
     * (null before any).
     */
    public record Figures(Map<String, Long> depth, double imagesPerMinute, Double successRate, Double averageSecondsPerImage,
            long completedLast24h, long failedLast24h, BigDecimal costLast24hUsd, BigDecimal costThisMonthUsd,
            BigDecimal averageCostPerImageUsd) {
    }

    @WithSession
    public Uni<Figures> of(UUID vendorId) {
        Uni<List<Object[]>> depth = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT coalesce(b.config ->> 'lane', 'standard'), count(*) FROM generation_queue i"
                        + " JOIN generation_batches b ON b.id = i.batch_id"
                        + " WHERE i.vendor_id = ?1 AND i.status IN ('pending', 'processing') GROUP BY 1", Object[].class)
                .setParameter(1, vendorId).getResultList());
        Uni<Object[]> recent = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FILTER (WHERE status IN ('completed', 'failed') AND processed_at > now() - interval '5 minutes'),"
                        + " count(*) FILTER (WHERE status = 'completed'),"
                        + " count(*) FILTER (WHERE status = 'failed'),"
                        + " avg(extract(epoch FROM processed_at - created_at)) FILTER (WHERE status = 'completed')"
                        + " FROM generation_queue WHERE vendor_id = ?1 AND processed_at > now() - interval '24 hours'", Object[].class)
                .setParameter(1, vendorId).getSingleResult());
        Uni<Object[]> cost = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT coalesce(sum(cost_usd) FILTER (WHERE recorded_at > now() - interval '24 hours'), 0),"
                        + " coalesce(sum(cost_usd) FILTER (WHERE recorded_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'), 0)"
                        + " FROM cost_ledger WHERE vendor_id = ?1"
                        + " AND recorded_at >= least(now() - interval '24 hours', date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')",
                Object[].class).setParameter(1, vendorId).getSingleResult());
        return depth.chain(lanes -> recent.chain(row -> cost.map(spent -> {
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
                    : lastDay.divide(BigDecimal.valueOf(completed), ModelCatalog.Pricing.SCALE, RoundingMode.HALF_UP);
            return new Figures(perLane, lastFive / 5.0, success, average, completed, failed, lastDay, Costs.usd(spent[1]), perImage);
        })));
    }
}
