package studio.batch.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
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
 * Estimated time, from what the fleet delivers. The rate is the images that ended in the last five
 * minutes when there is a backlog (the fleet is then working at its capacity); without a backlog, or
 * before any image ended, it is at least {@code studio.estimates.images-per-minute} (set it to what
 * the provider account allows). Work waits behind the whole backlog: lanes and fairness are not
 * taken into account yet.
 */
@ApplicationScoped
public class Estimates {

    private final double configuredPerMinute;
    private final BigDecimal bulkPriceFactor;

    @Inject
    public Estimates(BatchConfig.Estimates config) {
        this(config.imagesPerMinute(), config.bulkPriceFactor());
    }

    Estimates(double configuredPerMinute, double bulkPriceFactor) {
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
}
