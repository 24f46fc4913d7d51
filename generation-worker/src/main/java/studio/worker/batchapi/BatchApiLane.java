package studio.worker.batchapi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.catalog.Cost;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Pricing;
import studio.common.catalog.Usage;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.worker.config.OpenAiConfig;
import studio.worker.config.WorkerConfig;
import studio.worker.engine.ProviderCalls;
import studio.worker.job.CancelledBatches;
import studio.worker.job.JobProcessor;
import studio.worker.messaging.ResultPublisher;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.OpenAiImagesClient;
import studio.worker.provider.OpenAiImagesProvider;
import studio.worker.provider.ProviderFailure;

/**
 * The bulk lane through OpenAI's Batch API, when {@code studio.worker.batch-api.enabled} and the
 * worker calls OpenAI: images at the Batch API's price, answered within 24 hours.
 * <ol>
 * <li>A bulk job is written to {@code batch_api_jobs} (gathering) and only then acknowledged, so a
 * crash loses none; a job whose image is already stored is answered from storage at once.</li>
 * <li>Every second each replica looks for a model whose gathered jobs are many enough
 * ({@code max-requests}) or old enough ({@code gather}); it leases them ({@code FOR UPDATE SKIP
 * LOCKED}), uploads them as one JSONL file ({@code custom_id} = item and attempt; the body is the
 * catalog's provider request, as for a synchronous call), creates the batch and records it.</li>
 * <li>Every {@code poll-interval} each replica reads the batches it can lease. A completed batch's
 * output and error files are read line by line: each image is stored (thumbnail first, the same
 * content-addressed keys) and its result published, costed from its usage at the catalog's token
 * rates times {@code price-factor}; a refused line fails its item with the provider's message. A
 * batch that failed, expired or was cancelled sends its unanswered jobs again ({@code resubmissions}),
 * then fails them.</li>
 * </ol>
 * A replica that dies while sending leaves its lease to run out; the jobs are then sent again, so a
 * crash between creating a provider batch and recording it can send them twice (both answers are
 * applied once by batch-service, but both are paid).
 */
@ApplicationScoped
public class BatchApiLane {

    private static final Logger LOG = Logger.getLogger(BatchApiLane.class);
    /** How many provider batches one look reads at most. */
    private static final int POLL_PAGE = 10;

    private final Pool pool;
    private final BatchApiClient client;
    private final OpenAiConfig openAi;
    private final WorkerConfig.BatchApi config;
    private final ProviderCalls calls;
    private final JobProcessor processor;
    private final ResultPublisher publisher;
    private final CancelledBatches cancelled;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final AtomicBoolean submitting = new AtomicBoolean();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final List<Long> timers = new ArrayList<>();

    public BatchApiLane(Pool pool, @RestClient BatchApiClient client, OpenAiConfig openAi, WorkerConfig config, ProviderCalls calls,
            JobProcessor processor, ResultPublisher publisher, CancelledBatches cancelled, ObjectMapper json, Vertx vertx) {
        this.pool = pool;
        this.client = client;
        this.openAi = openAi;
        this.config = config.batchApi();
        this.calls = calls;
        this.processor = processor;
        this.publisher = publisher;
        this.cancelled = cancelled;
        this.json = json;
        this.vertx = vertx;
    }

    /** Whether bulk jobs go through the Batch API here: switched on, and the worker calls OpenAI. */
    public boolean enabled() {
        return config.enabled() && OpenAiImagesProvider.NAME.equals(calls.provider().name());
    }

    void start(@Observes StartupEvent event) {
        if (!enabled()) {
            if (config.enabled()) {
                LOG.warn("studio.worker.batch-api.enabled is set, but this worker has no OpenAI key: bulk jobs take the synchronous path");
            }
            return;
        }
        LOG.infof("Bulk jobs go through the OpenAI Batch API (up to %d per batch, gathered for %s, polled every %s)",
                config.maxRequests(), config.gather(), config.pollInterval());
        timers.add(vertx.setPeriodic(1000, id -> submitDue()));
        timers.add(vertx.setPeriodic(Math.max(200, config.pollInterval().toMillis()), id -> pollDue()));
    }

    void stop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
    }

    /**
     * Takes a bulk job: kept in the database (then the caller acknowledges its record), or answered
     * now when its batch was cancelled (skipped) or its image is already stored.
     */
    public Uni<Void> accept(GenerationJob job) {
        if (cancelled.contains(job.batchId())) {
            LOG.infof("Skipping item %s: batch %s was cancelled", job.itemId(), job.batchId());
            return Uni.createFrom().voidItem();
        }
        return processor.alreadyStored(job).chain(stored -> {
            if (stored.isPresent()) {
                return publisher.publish(stored.get());
            }
            String text;
            try {
                text = json.writeValueAsString(job);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            return pool.preparedQuery("INSERT INTO batch_api_jobs (item_id, attempt, model, job, status) VALUES ($1, $2, $3, $4, 'gathering')"
                    + " ON CONFLICT DO NOTHING").execute(Tuple.of(job.itemId(), job.attempt(), job.model(), text)).replaceWithVoid();
        });
    }

    /** Sends what is due: one look at a time per replica. */
    void submitDue() {
        if (!submitting.compareAndSet(false, true)) {
            return;
        }
        submitOnce().onTermination().invoke(() -> submitting.set(false)).subscribe().with(sent -> {
            if (sent > 0) {
                vertx.runOnContext(this::submitDue);
            }
        }, failure -> LOG.warnf("Could not send bulk jobs to the Batch API: %s", failure.getMessage()));
    }

    /** Leases one model's due jobs and sends them as one provider batch; answers how many were sent. */
    Uni<Integer> submitOnce() {
        UUID submission = UUID.randomUUID();
        long lease = config.lease().toMillis();
        // jobs whose sender died go back to gathering once its lease has run out
        return pool.query("UPDATE batch_api_jobs SET status = 'gathering', submission = NULL, leased_until = NULL"
                + " WHERE status = 'submitting' AND leased_until < now()").execute()
                .chain(() -> pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT model FROM batch_api_jobs WHERE status = 'gathering' GROUP BY model"
                                + " HAVING count(*) >= $1 OR min(queued_at) <= now() - ($2 * interval '1 millisecond') LIMIT 1")
                        .execute(Tuple.of(config.maxRequests(), config.gather().toMillis()))
                        .chain(models -> {
                            if (models.size() == 0) {
                                return Uni.createFrom().item(List.<Row>of());
                            }
                            String model = models.iterator().next().getString(0);
                            return tx.preparedQuery("UPDATE batch_api_jobs SET status = 'submitting', submission = $1,"
                                    + " leased_until = now() + ($2 * interval '1 millisecond') WHERE (item_id, attempt) IN (SELECT item_id, attempt"
                                    + " FROM batch_api_jobs WHERE status = 'gathering' AND model = $3 ORDER BY queued_at LIMIT $4"
                                    + " FOR UPDATE SKIP LOCKED) RETURNING job, model")
                                    .execute(Tuple.of(submission, lease, model, config.maxRequests()))
                                    .map(rows -> {
                                        List<Row> claimed = new ArrayList<>();
                                        rows.forEach(claimed::add);
                                        return claimed;
                                    });
                        })))
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0) : send(submission, claimed));
    }

    private Uni<Integer> send(UUID submission, List<Row> claimed) {
        String model = claimed.get(0).getString("model");
        Model entry = ModelCatalog.builtIn().find(model).orElse(null);
        StringBuilder jsonl = new StringBuilder();
        List<GenerationJob> jobs = new ArrayList<>();
        for (Row row : claimed) {
            GenerationJob job = job(row.getString("job"));
            jobs.add(job);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("custom_id", customId(job));
            line.put("method", "POST");
            line.put("url", "/v1/images/generations");
            line.put("body", entry == null ? Map.of("model", model, "prompt", job.prompt()) : entry.providerRequest(job.prompt(), job.parameters()));
            try {
                jsonl.append(json.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
        }
        String authorization = authorization();
        String organization = openAi.organization().orElse(null);
        return client.upload(authorization, organization, "batch", jsonl.toString().getBytes(StandardCharsets.UTF_8))
                .chain(file -> client.create(authorization, organization, Map.of("input_file_id", file.id(),
                        "endpoint", "/v1/images/generations", "completion_window", "24h",
                        "metadata", Map.of("studio_submission", submission.toString(), "studio_model", model))))
                .chain(batch -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO batch_api_batches (id, model, input_file_id, status,"
                        + " requests) VALUES ($1, $2, $3, $4, $5)").execute(Tuple.of(batch.id(), model, batch.inputFileId(), batch.status(),
                                jobs.size()))
                        .chain(() -> tx.preparedQuery("UPDATE batch_api_jobs SET status = 'submitted', provider_batch_id = $1, leased_until = NULL"
                                + " WHERE submission = $2").execute(Tuple.of(batch.id(), submission))))
                        .invoke(() -> LOG.infof("Sent %d bulk job(s) of %s to the Batch API as %s", jobs.size(), model, batch.id())))
                .replaceWith(jobs.size())
                .onFailure().call(failure -> {
                    LOG.warnf("The Batch API did not take %d bulk job(s) of %s (%s); they wait for the next try", jobs.size(), model,
                            failure.getMessage());
                    return pool.preparedQuery("UPDATE batch_api_jobs SET status = 'gathering', submission = NULL, leased_until = NULL,"
                            + " queued_at = now() WHERE submission = $1").execute(Tuple.of(submission));
                });
    }

    /** Reads the provider batches that are due for a look: one look at a time per replica. */
    void pollDue() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        pollOnce().onTermination().invoke(() -> polling.set(false)).subscribe().with(ignored -> {
        }, failure -> LOG.warnf("Could not read Batch API batches: %s", failure.getMessage()));
    }

    /** Leases the batches not read for a poll interval, reads them, and collects those that ended. */
    Uni<Void> pollOnce() {
        return pool.preparedQuery("UPDATE batch_api_batches SET leased_until = now() + ($1 * interval '1 millisecond') WHERE id IN (SELECT id"
                + " FROM batch_api_batches WHERE (leased_until IS NULL OR leased_until < now())"
                + " AND (checked_at IS NULL OR checked_at <= now() - ($2 * interval '1 millisecond')) ORDER BY checked_at NULLS FIRST LIMIT $3"
                + " FOR UPDATE SKIP LOCKED) RETURNING id")
                .execute(Tuple.of(config.lease().toMillis(), config.pollInterval().toMillis(), POLL_PAGE))
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        String id = row.getString("id");
                        all = all.chain(() -> check(id).onFailure().invoke(e -> LOG.warnf("Batch %s could not be read: %s", id, e.getMessage()))
                                .onFailure().recoverWithNull().replaceWithVoid());
                    }
                    return all;
                });
    }

    private String authorization() {
        return "Bearer " + openAi.apiKey().orElseThrow();
    }

    private Uni<Void> check(String id) {
        String authorization = authorization();
        String organization = openAi.organization().orElse(null);
        return client.get(authorization, organization, id).chain(batch -> {
            if (!batch.ended()) {
                return pool.preparedQuery("UPDATE batch_api_batches SET status = $2, checked_at = now(), leased_until = NULL WHERE id = $1")
                        .execute(Tuple.of(id, batch.status())).replaceWithVoid();
            }
            return collect(authorization, organization, batch);
        });
    }

    /** Applies an ended batch's answers, then forgets it and its jobs. */
    private Uni<Void> collect(String authorization, String organization, BatchApiClient.BatchObject batch) {
        Uni<Map<String, JsonNode>> answers = lines(authorization, organization, batch.outputFileId())
                .chain(output -> lines(authorization, organization, batch.errorFileId()).map(errors -> {
                    Map<String, JsonNode> all = new HashMap<>(errors);
                    all.putAll(output);
                    return all;
                }));
        return answers.chain(byCustomId -> pool.preparedQuery("SELECT job, resubmissions FROM batch_api_jobs WHERE provider_batch_id = $1")
                .execute(Tuple.of(batch.id())).chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    int answered = 0;
                    List<GenerationJob> unanswered = new ArrayList<>();
                    for (Row row : rows) {
                        GenerationJob job = job(row.getString("job"));
                        JsonNode line = byCustomId.get(customId(job));
                        if (line == null) {
                            unanswered.add(job);
                            if (row.getInteger("resubmissions") >= config.resubmissions()) {
                                all = all.chain(() -> finish(job, processor.refused(job, ProviderFailure.transientFailure("batch_" + batch.status(),
                                        "the Batch API did not answer this image (its batch " + batch.status() + ")"))));
                            }
                            continue;
                        }
                        answered++;
                        all = all.chain(() -> finish(job, answer(job, line)));
                    }
                    LOG.infof("Batch %s %s: %d answer(s), %d unanswered", batch.id(), batch.status(), answered, unanswered.size());
                    return all.chain(() -> pool.withTransaction(tx -> tx.preparedQuery("UPDATE batch_api_jobs SET status = 'gathering',"
                            + " provider_batch_id = NULL, submission = NULL, resubmissions = resubmissions + 1, queued_at = now()"
                            + " WHERE provider_batch_id = $1 AND resubmissions < $2 AND (item_id, attempt) IN (SELECT * FROM unnest(cast($3 AS uuid[]), cast($4 AS int[])))")
                            .execute(Tuple.of(batch.id(), config.resubmissions(), unanswered.stream().map(GenerationJob::itemId).toArray(UUID[]::new),
                                    unanswered.stream().map(GenerationJob::attempt).toArray(Integer[]::new)))
                            .chain(() -> tx.preparedQuery("DELETE FROM batch_api_jobs WHERE provider_batch_id = $1").execute(Tuple.of(batch.id())))
                            .chain(() -> tx.preparedQuery("DELETE FROM batch_api_batches WHERE id = $1").execute(Tuple.of(batch.id())))))
                            .replaceWithVoid();
                }));
    }

    /** Publishes a job's result; a job whose account was refused waits for the next batch instead. */
    private Uni<Void> finish(GenerationJob job, Uni<GenerationResult> result) {
        return result.chain(publisher::publish)
                .onFailure(JobProcessor.Requeue.class).recoverWithUni(requeue -> {
                    LOG.warnf("Item %s waits: %s", job.itemId(), requeue.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** One output or error line as the job's result. */
    private Uni<GenerationResult> answer(GenerationJob job, JsonNode line) {
        JsonNode response = line.path("response");
        int status = response.path("status_code").asInt(0);
        JsonNode body = response.path("body");
        if (status != 200) {
            String error = body.isMissingNode() || body.isNull() ? line.path("error").toString() : body.toString();
            return processor.refused(job, status == 0 ? ProviderFailure.permanent(line.path("error").path("code").asText("batch_error"),
                    line.path("error").path("message").asText("the Batch API refused this request"))
                    : OpenAiImagesClient.Errors.failure(status, error, name -> null));
        }
        OpenAiImagesClient.ImagesResponse images;
        try {
            images = json.treeToValue(body, OpenAiImagesClient.ImagesResponse.class);
        } catch (JsonProcessingException e) {
            return processor.refused(job, ProviderFailure.permanent("malformed_answer", "the Batch API's answer could not be read: " + e.getOriginalMessage()));
        }
        if (images.data() == null || images.data().isEmpty() || images.data().get(0).b64Json() == null) {
            return processor.refused(job, ProviderFailure.permanent("empty_response", "the Batch API answered without an image"));
        }
        Model model = ModelCatalog.builtIn().find(job.model()).orElse(null);
        Usage usage = images.usage() == null ? null : images.usage().asUsage();
        Cost full = model == null ? Cost.none() : model.pricing().costOf(usage, job.parameters());
        Cost cost = new Cost(full.usd().multiply(BigDecimal.valueOf(config.priceFactor()))
                .setScale(Pricing.SCALE, RoundingMode.HALF_UP), Cost.BATCH);
        byte[] png = Base64.getDecoder().decode(images.data().get(0).b64Json());
        return processor.store(job, new GeneratedImage(png, OpenAiImagesProvider.NAME, job.model(), usage, cost, null), System.nanoTime());
    }

    /** The JSON lines of a file by their {@code custom_id} (none for a file the batch does not have). */
    private Uni<Map<String, JsonNode>> lines(String authorization, String organization, String fileId) {
        if (fileId == null) {
            return Uni.createFrom().item(Map.of());
        }
        return client.content(authorization, organization, fileId).map(bytes -> {
            Map<String, JsonNode> byId = new HashMap<>();
            for (String text : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode line = json.readTree(text);
                    byId.put(line.path("custom_id").asText(), line);
                } catch (JsonProcessingException e) {
                    LOG.warnf("Skipping an unreadable line of file %s: %s", fileId, e.getOriginalMessage());
                }
            }
            return byId;
        });
    }

    private GenerationJob job(String text) {
        try {
            return json.readValue(text, GenerationJob.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored bulk job is not readable", e);
        }
    }

    /** A line's id: the item and its attempt, so an answer never applies to another attempt. */
    static String customId(GenerationJob job) {
        return job.itemId() + ":" + job.attempt();
    }

    /** The fleet's bulk jobs in the worker database, by status (the status endpoint shows them). */
    public Uni<Map<String, Long>> held() {
        return pool.query("SELECT status, count(*) FROM batch_api_jobs GROUP BY status").execute().map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            rows.forEach(r -> counts.put(r.getString(0), r.getLong(1)));
            return counts;
        });
    }
}
