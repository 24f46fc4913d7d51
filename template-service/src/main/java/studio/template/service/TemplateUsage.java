package studio.template.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.events.BatchEvent;
import studio.common.persistence.NativeSql;

/**
 * How templates are used, maintained from batch events: a batch's creation counts a use and its
 * images as attempted; its end adds what succeeded and failed. Each event is applied once (its id is
 * recorded in the same transaction), so a redelivery changes nothing.
 */
@ApplicationScoped
public class TemplateUsage {

    private final TemplateService templates;
    private final PromptHistory history;

    public TemplateUsage(TemplateService templates, PromptHistory history) {
        this.templates = templates;
        this.history = history;
    }

    /**
     * A template's usage; {@code successRate} is null before any image ended; {@code ratedImages} and
     * {@code averageImageRating} (1 to 5, null before any) are the vendors' ratings of its images.
     */
    public record TemplateStats(UUID templateId, int usageCount, int imagesAttempted, int imagesSucceeded, int imagesFailed,
            Double successRate, Double regenerationRate, long ratedImages, Double averageImageRating, Instant lastUsedAt) {
    }

    @WithSession
    public Uni<TemplateStats> stats(UUID vendorId, UUID templateId) {
        return templates.get(vendorId, templateId).chain(t -> history.regenerationRate(t.id).chain(regeneration -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*), avg(r.rating)::float8 FROM image_ratings r"
                        + " JOIN template_batches b ON b.batch_id = r.batch_id WHERE b.template_id = ?1", Object[].class)
                        .setParameter(1, t.id).getSingleResult())
                .map(ratings -> {
                    int ended = t.imagesSucceeded + t.imagesFailed;
                    return new TemplateStats(t.id, t.usageCount, t.imagesAttempted, t.imagesSucceeded, t.imagesFailed,
                            ended == 0 ? null : (double) t.imagesSucceeded / ended, regeneration, ((Number) ratings[0]).longValue(),
                            ratings[1] == null ? null : ((Number) ratings[1]).doubleValue(), t.lastUsedAt);
                })));
    }

    @WithTransaction
    public Uni<Void> apply(String eventId, BatchEvent event) {
        return NativeSql.update("INSERT INTO processed_events (event_id) VALUES (?1) ON CONFLICT DO NOTHING", eventId)
                .chain(claimed -> claimed == 0 ? Uni.createFrom().voidItem() : count(event));
    }

    private Uni<Void> count(BatchEvent event) {
        if (event instanceof BatchEvent.ItemRated rated) {
            // the newest rating wins, whatever order the events come in
            return (rated.rating() == null
                    ? NativeSql.update("DELETE FROM image_ratings WHERE item_id = ?1 AND rated_at <= ?2", rated.itemId(), rated.ratedAt())
                    : NativeSql.update("INSERT INTO image_ratings (item_id, batch_id, rating, rated_at) VALUES (?1, ?2, ?3, ?4)"
                            + " ON CONFLICT (item_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at"
                            + " WHERE image_ratings.rated_at <= excluded.rated_at",
                            rated.itemId(), rated.batchId(), rated.rating().shortValue(), rated.ratedAt())).replaceWithVoid();
        }
        if (event instanceof BatchEvent.Created created && created.templateId() != null) {
            // one at a time with the batch's history entries (PromptHistory takes the same lock), so
            // that an entry written meanwhile is not left without its template
            // only a template the batch's vendor may use (its own or a public one) counts the batch: another
            // vendor's private id named in a request must not move its owner's figures
            return PromptHistory.lockBatch(created.batchId())
                    .chain(() -> NativeSql.update("INSERT INTO template_batches (batch_id, template_id, version, style_id)"
                    + " SELECT ?1, ?2, cast(?3 AS integer), cast(nullif(?4, '') AS uuid) WHERE EXISTS (SELECT 1 FROM prompt_templates"
                    + " WHERE id = ?2 AND (vendor_id = ?5 OR is_public))"
                    + " ON CONFLICT DO NOTHING", created.batchId(), created.templateId(), created.templateVersion(),
                    created.styleId() == null ? "" : created.styleId().toString(), created.vendorId()))
                    .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem()
                            : NativeSql.update("UPDATE prompt_templates SET usage_count = usage_count + 1,"
                                    + " images_attempted = images_attempted + ?2, last_used_at = now() WHERE id = ?1",
                                    created.templateId(), created.totalImages())
                                    .chain(() -> history.linkBatch(created.batchId(), created.templateId(), created.templateVersion()))
                                    .replaceWithVoid());
        }
        BatchEvent.Counters end = null;
        if (event instanceof BatchEvent.Completed c) {
            end = c.counters();
        } else if (event instanceof BatchEvent.Failed f) {
            end = f.counters();
        } else if (event instanceof BatchEvent.Cancelled c) {
            end = c.counters();
        }
        if (end == null) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.update("UPDATE prompt_templates t SET images_succeeded = t.images_succeeded + ?2,"
                + " images_failed = t.images_failed + ?3 FROM template_batches b WHERE b.batch_id = ?1 AND t.id = b.template_id",
                event.batchId(), end.completed(), end.failed()).replaceWithVoid();
    }
}
