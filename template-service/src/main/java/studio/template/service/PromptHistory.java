package studio.template.service;

import java.util.List;
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
import studio.common.json.Canonical;
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

    /**
     * Records what the jobs asked (a poll's worth at once: one transaction, one statement): each
     * item's prompt, model and parameters, its template from the batch's link when known. A later
     * attempt of an item sets it pending again.
     */
    @WithTransaction
    public Uni<Void> recordJobs(List<GenerationJob> jobs) {
        List<GenerationJob> latest = latest(jobs, GenerationJob::itemId, GenerationJob::attempt);
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = latest.size();
        UUID[] items = new UUID[n];
        UUID[] vendors = new UUID[n];
        UUID[] batches = new UUID[n];
        String[] prompts = new String[n];
        String[] models = new String[n];
        Integer[] attempts = new Integer[n];
        String[] parameters = new String[n];
        for (int i = 0; i < n; i++) {
            GenerationJob job = latest.get(i);
            items[i] = job.itemId();
            vendors[i] = job.vendorId();
            batches[i] = job.batchId();
            prompts[i] = job.prompt();
            models[i] = job.model();
            attempts[i] = job.attempt();
            parameters[i] = Canonical.json(job.parameters() == null ? Map.of() : job.parameters());
        }
        return lockBatches(batches).chain(() -> NativeSql.update("INSERT INTO prompt_history (item_id, vendor_id, batch_id, prompt, model,"
                + " attempts, parameters, template_id, template_version)"
                + " SELECT j.item_id, j.vendor_id, j.batch_id, j.prompt, j.model, j.attempts, cast(j.parameters AS jsonb), b.template_id, b.version"
                + " FROM unnest(cast(?1 AS uuid[]), cast(?2 AS uuid[]), cast(?3 AS uuid[]), cast(?4 AS text[]), cast(?5 AS text[]),"
                + " cast(?6 AS integer[]), cast(?7 AS text[])) AS j(item_id, vendor_id, batch_id, prompt, model, attempts, parameters)"
                + " LEFT JOIN template_batches b ON b.batch_id = j.batch_id"
                + " ON CONFLICT (item_id) DO UPDATE SET prompt = EXCLUDED.prompt, model = EXCLUDED.model, parameters = EXCLUDED.parameters,"
                + " attempts = GREATEST(prompt_history.attempts, EXCLUDED.attempts),"
                + " template_id = COALESCE(prompt_history.template_id, EXCLUDED.template_id),"
                + " template_version = COALESCE(prompt_history.template_version, EXCLUDED.template_version),"
                + " status = CASE WHEN EXCLUDED.attempts > prompt_history.attempts THEN 'pending' ELSE prompt_history.status END",
                items, vendors, batches, prompts, models, attempts, parameters)).replaceWithVoid();
    }

    /**
     * Records what came of the jobs (a poll's worth at once: one transaction, one statement):
     * completed with its image, or failed with its error code; a result of an older attempt than
     * recorded changes nothing. Results that are neither (a retry announced) are left out.
     */
    @WithTransaction
    public Uni<Void> recordResults(List<GenerationResult> results) {
        List<GenerationResult> ended = latest(results.stream()
                .filter(r -> r instanceof GenerationResult.Completed || r instanceof GenerationResult.Failed).toList(),
                GenerationResult::itemId, GenerationResult::attempt);
        if (ended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = ended.size();
        UUID[] items = new UUID[n];
        UUID[] vendors = new UUID[n];
        UUID[] batches = new UUID[n];
        Integer[] attempts = new Integer[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        String[] images = new String[n];
        for (int i = 0; i < n; i++) {
            GenerationResult result = ended.get(i);
            items[i] = result.itemId();
            vendors[i] = result.vendorId();
            batches[i] = result.batchId();
            attempts[i] = result.attempt();
            if (result instanceof GenerationResult.Completed done) {
                statuses[i] = "completed";
                images[i] = done.imageKey();
            } else {
                statuses[i] = "failed";
                errors[i] = ((GenerationResult.Failed) result).errorCode();
            }
        }
        return lockBatches(batches).chain(() -> NativeSql.update("INSERT INTO prompt_history (item_id, vendor_id, batch_id, attempts, status,"
                + " error_code, image_key, finished_at)"
                + " SELECT r.item_id, r.vendor_id, r.batch_id, r.attempts, r.status, r.error_code, r.image_key, now()"
                + " FROM unnest(cast(?1 AS uuid[]), cast(?2 AS uuid[]), cast(?3 AS uuid[]), cast(?4 AS integer[]), cast(?5 AS text[]),"
                + " cast(?6 AS text[]), cast(?7 AS text[])) AS r(item_id, vendor_id, batch_id, attempts, status, error_code, image_key)"
                + " ON CONFLICT (item_id) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code,"
                + " image_key = EXCLUDED.image_key, finished_at = EXCLUDED.finished_at, attempts = EXCLUDED.attempts"
                + " WHERE prompt_history.attempts <= EXCLUDED.attempts",
                items, vendors, batches, attempts, statuses, errors, images)).replaceWithVoid();
    }

    /** Of several records of one item, the one of its latest attempt (the last one seen of that attempt). */
    private static <T> List<T> latest(List<T> records, java.util.function.Function<T, UUID> item, java.util.function.ToIntFunction<T> attempt) {
        Map<UUID, T> byItem = new java.util.LinkedHashMap<>();
        for (T record : records) {
            byItem.merge(item.apply(record), record, (kept, next) -> attempt.applyAsInt(next) >= attempt.applyAsInt(kept) ? next : kept);
        }
        return new java.util.ArrayList<>(byItem.values());
    }

    /** {@link #lockBatch} for each batch, in one order, so two transactions never wait on each other's. */
    private static Uni<Void> lockBatches(UUID[] batches) {
        Uni<Void> locked = Uni.createFrom().voidItem();
        for (UUID batch : new java.util.TreeSet<>(java.util.Arrays.stream(batches).filter(java.util.Objects::nonNull).toList())) {
            locked = locked.chain(() -> lockBatch(batch));
        }
        return locked;
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
