package studio.template.service;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.ProblemException;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.persistence.NativeSql;
import studio.common.persistence.Pages;
import studio.common.persistence.Rows;
import studio.template.repository.PromptHistoryEntry;
import studio.template.repository.PromptHistoryRepository;

/**
 * Prompt history: every prompt sent for generation and what came of it, built from the jobs and the
 * results (each an upsert, so order and redelivery do not matter), searchable per vendor.
 */
@ApplicationScoped
public class PromptHistory {

    private final PromptHistoryRepository history;

    public PromptHistory(PromptHistoryRepository history) {
        this.history = history;
    }

    /** A request for {@code POST /api/vendor/media/generate} that makes an image like a history entry's. */
    public record SimilarRequest(String prompt, String model, Map<String, Object> parameters, UUID templateId,
            Integer templateVersion, UUID basedOn) {
    }

    /**
     * Serialises the transactions that write a batch's history entries and the one that links the
     * batch to its template: without it, each could miss the other's uncommitted rows.
     */
    static Uni<Void> lockBatch(UUID batchId) {
        return NativeSql.lock("template-history:" + batchId);
    }

    @WithTransaction
    public Uni<Void> recordJob(GenerationJob job) {
        return lockBatch(job.batchId()).chain(() -> NativeSql.update("INSERT INTO prompt_history (item_id, vendor_id, batch_id, prompt, model, attempts,"
                + " template_id, template_version)"
                + " SELECT ?1, ?2, ?3, ?4, ?5, ?6, b.template_id, b.version"
                + " FROM (SELECT 1) one LEFT JOIN template_batches b ON b.batch_id = ?3"
                + " ON CONFLICT (item_id) DO UPDATE SET prompt = EXCLUDED.prompt, model = EXCLUDED.model,"
                + " attempts = GREATEST(prompt_history.attempts, EXCLUDED.attempts),"
                + " template_id = COALESCE(prompt_history.template_id, EXCLUDED.template_id),"
                + " template_version = COALESCE(prompt_history.template_version, EXCLUDED.template_version),"
                + " status = CASE WHEN EXCLUDED.attempts > prompt_history.attempts THEN 'pending' ELSE prompt_history.status END",
                job.itemId(), job.vendorId(), job.batchId(), job.prompt(), job.model(), job.attempt()))
                // the JSON column through the entity: Hibernate Reactive binds JSON properly there, not in native queries
                .chain(() -> history.findById(job.itemId()))
                .invoke(entry -> entry.parameters = job.parameters() == null ? Map.of() : job.parameters())
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> recordResult(GenerationResult result) {
        String status;
        String error = null;
        String image = null;
        if (result instanceof GenerationResult.Completed done) {
            status = "completed";
            image = done.imageKey();
        } else if (result instanceof GenerationResult.Failed failed) {
            status = "failed";
            error = failed.errorCode();
        } else {
            return Uni.createFrom().voidItem();
        }
        String errorCode = error;
        String imageKey = image;
        return lockBatch(result.batchId()).chain(() -> NativeSql.update("INSERT INTO prompt_history (item_id, vendor_id, batch_id, attempts, status, error_code, image_key, finished_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, now())"
                + " ON CONFLICT (item_id) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code,"
                + " image_key = EXCLUDED.image_key, finished_at = EXCLUDED.finished_at, attempts = EXCLUDED.attempts"
                + " WHERE prompt_history.attempts <= EXCLUDED.attempts",
                result.itemId(), result.vendorId(), result.batchId(), result.attempt(), status, errorCode, imageKey)).replaceWithVoid();
    }

    /** Links a batch's entries to its template once the batch's creation is known (in either order). */
    public Uni<Void> linkBatch(UUID batchId, UUID templateId, Integer version) {
        return NativeSql.update("UPDATE prompt_history SET template_id = ?2, template_version = cast(?3 AS integer) WHERE batch_id = ?1",
                batchId, templateId, version).replaceWithVoid();
    }

    @WithSession
    public Uni<Page<PromptHistoryEntry>> search(UUID vendorId, String text, UUID templateId, String status, PageRequest page) {
        StringBuilder query = new StringBuilder("vendorId = :vendor");
        Parameters parameters = Parameters.with("vendor", vendorId);
        if (text != null && !text.isBlank()) {
            query.append(" and lower(prompt) like :text");
            parameters.and("text", Rows.containsPattern(text));
        }
        if (templateId != null) {
            query.append(" and templateId = :template");
            parameters.and("template", templateId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        query.append(" order by createdAt desc, itemId");
        return Pages.of(history.find(query.toString(), parameters), page);
    }

    @WithSession
    public Uni<SimilarRequest> similar(UUID vendorId, UUID itemId) {
        return history.find("itemId = ?1 and vendorId = ?2", itemId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Prompt history entry", itemId))
                .map(e -> new SimilarRequest(e.prompt, e.model, e.parameters, e.templateId, e.templateVersion, e.itemId));
    }

    /** The share of a template's images that needed more than one attempt; null before any. */
    public Uni<Double> regenerationRate(UUID templateId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FILTER (WHERE attempts > 1), count(*) FROM prompt_history WHERE template_id = ?1", Object[].class)
                .setParameter(1, templateId).getSingleResult())
                .map(row -> {
                    long regenerated = ((Number) row[0]).longValue();
                    long all = ((Number) row[1]).longValue();
                    return all == 0 ? null : (double) regenerated / all;
                });
    }
}
