package studio.worker.batchapi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.events.GenerationJob;
import studio.worker.config.OpenAiConfig;
import studio.worker.config.WorkerConfig;
import studio.worker.provider.ProviderFailure;

/**
 * Sends gathered bulk jobs to the Batch API ({@link BatchApiLane} step 2): one model's due jobs
 * leased under a new submission id (recorded before anything is sent), uploaded as one JSONL file,
 * the provider batch created with the submission in its metadata, and recorded. A submission whose
 * lease runs out unrecorded is reconciled by that metadata, never sent twice.
 */
@ApplicationScoped
public class BatchSender {

    private static final Logger LOG = Logger.getLogger(BatchSender.class);
    /** How many of the account's newest batches are searched for an unrecorded submission's. */
    private static final int RECENT_BATCHES = 100;
    /** Attempts at recording a created batch before its submission is left to be reconciled. */
    private static final int RECORD_ATTEMPTS = 3;

    private final Pool pool;
    private final BatchApiClient client;
    private final OpenAiConfig openAi;
    private final WorkerConfig.BatchApi config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final AtomicBoolean submitting = new AtomicBoolean();

    public BatchSender(Pool pool, @RestClient BatchApiClient client, OpenAiConfig openAi, WorkerConfig config, ObjectMapper json,
            Vertx vertx) {
        this.pool = pool;
        this.client = client;
        this.openAi = openAi;
        this.config = config.batchApi();
        this.json = json;
        this.vertx = vertx;
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
        return reconcileExpired().chain(() -> pool.withTransaction(tx -> tx.preparedQuery(
                        "SELECT model FROM batch_api_jobs WHERE status = 'gathering' AND queued_at <= now() GROUP BY model"
                                + " HAVING count(*) >= $1 OR min(queued_at) <= now() - ($2 * interval '1 millisecond') LIMIT 1")
                        .execute(Tuple.of(config.maxRequests(), config.gather().toMillis()))
                        .chain(models -> {
                            if (models.size() == 0) {
                                return Uni.createFrom().item(List.<Row>of());
                            }
                            String model = models.iterator().next().getString(0);
                            // recorded before the provider batch is created: whoever finds this submission
                            // later looks for its batch by metadata before sending the jobs again
                            return tx.preparedQuery("UPDATE batch_api_jobs SET status = 'submitting', submission = $1,"
                                    + " leased_until = now() + ($2 * interval '1 millisecond') WHERE (item_id, attempt) IN (SELECT item_id, attempt"
                                    + " FROM batch_api_jobs WHERE status = 'gathering' AND model = $3 AND queued_at <= now() ORDER BY queued_at LIMIT $4"
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

    /**
     * Submissions whose sender's lease ran out (it died, or could not record its batch): a provider
     * batch made for one (found by its {@code studio_submission} metadata) is recorded; the jobs of
     * one that made none go back to gathering. So a provider batch is never created twice for a job.
     */
    private Uni<Void> reconcileExpired() {
        return pool.query("SELECT DISTINCT submission FROM batch_api_jobs WHERE status = 'submitting' AND leased_until < now()").execute()
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    List<UUID> submissions = new ArrayList<>();
                    rows.forEach(row -> submissions.add(row.getUUID(0)));
                    String authorization = BatchApiLane.authorization(openAi);
                    return client.list(authorization, openAi.organization().orElse(null), RECENT_BATCHES, null).chain(page -> {
                        Uni<Void> all = Uni.createFrom().voidItem();
                        for (UUID submission : submissions) {
                            BatchApiClient.BatchObject made = page.data() == null ? null : page.data().stream()
                                    .filter(b -> b.metadata() != null && submission.toString().equals(b.metadata().get("studio_submission")))
                                    .findFirst().orElse(null);
                            all = all.chain(() -> made != null ? record(submission, made, made.metadata().get("studio_model"))
                                    .invoke(() -> LOG.infof("Found provider batch %s of an unrecorded submission %s; recorded it", made.id(), submission))
                                    : backToGathering(submission));
                        }
                        return all;
                    });
                });
    }

    private Uni<Integer> send(UUID submission, List<Row> claimed) {
        String model = claimed.get(0).getString("model");
        Model entry = ModelCatalog.builtIn().find(model).orElse(null);
        StringBuilder jsonl = new StringBuilder();
        List<GenerationJob> jobs = new ArrayList<>();
        for (Row row : claimed) {
            GenerationJob job = BatchApiLane.job(json, row.getString("job"));
            jobs.add(job);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("custom_id", BatchApiLane.customId(job));
            line.put("method", "POST");
            line.put("url", "/v1/images/generations");
            line.put("body", entry == null ? Map.of("model", model, "prompt", job.prompt()) : entry.providerRequest(job.prompt(), job.parameters()));
            try {
                jsonl.append(json.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
        }
        String authorization = BatchApiLane.authorization(openAi);
        String organization = openAi.organization().orElse(null);
        return client.upload(authorization, organization, "batch", jsonl.toString().getBytes(StandardCharsets.UTF_8))
                .chain(file -> client.create(authorization, organization, Map.of("input_file_id", file.id(),
                        "endpoint", "/v1/images/generations", "completion_window", "24h",
                        "metadata", Map.of("studio_submission", submission.toString(), "studio_model", model))))
                .onFailure().call(failure -> {
                    if (!(failure instanceof ProviderFailure)) {
                        // no answer (a timeout): the batch may exist; the submission is reconciled once its lease runs out
                        LOG.warnf("The Batch API did not answer for %d bulk job(s) of %s (%s); looking for their batch later",
                                jobs.size(), model, failure.getMessage());
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("The Batch API did not take %d bulk job(s) of %s (%s); they wait for the next try", jobs.size(), model,
                            failure.getMessage());
                    return backToGathering(submission);
                })
                .chain(batch -> record(submission, batch, model)
                        .onFailure().invoke(e -> LOG.warnf("Could not record provider batch %s (%s); trying again", batch.id(), e.getMessage()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(2)).atMost(RECORD_ATTEMPTS)
                        .onFailure().invoke(e -> LOG.errorf("Provider batch %s is not recorded (%s); it is found by its metadata once the"
                                + " lease of submission %s runs out", batch.id(), e.getMessage(), submission))
                        .invoke(() -> LOG.infof("Sent %d bulk job(s) of %s to the Batch API as %s", jobs.size(), model, batch.id())))
                .replaceWith(jobs.size());
    }

    /** Records a provider batch and marks its submission's jobs submitted to it. */
    private Uni<Void> record(UUID submission, BatchApiClient.BatchObject batch, String model) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO batch_api_batches (id, model, input_file_id, status, requests)"
                + " SELECT $1, $2, $3, $4, count(*) FROM batch_api_jobs WHERE submission = $5 ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(batch.id(), model, batch.inputFileId(), batch.status(), submission))
                .chain(() -> tx.preparedQuery("UPDATE batch_api_jobs SET status = 'submitted', provider_batch_id = $1, leased_until = NULL"
                        + " WHERE submission = $2").execute(Tuple.of(batch.id(), submission))))
                .replaceWithVoid();
    }

    /** A submission that made no provider batch: its jobs wait for the next one. */
    private Uni<Void> backToGathering(UUID submission) {
        return pool.preparedQuery("UPDATE batch_api_jobs SET status = 'gathering', submission = NULL, leased_until = NULL"
                + " WHERE submission = $1 AND status = 'submitting'").execute(Tuple.of(submission)).replaceWithVoid();
    }
}
