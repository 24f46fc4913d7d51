package studio.worker.batchapi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
import studio.worker.job.JobProcessor;
import studio.worker.messaging.ResultPublisher;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.OpenAiImagesClient;
import studio.worker.provider.OpenAiImagesProvider;
import studio.worker.provider.ProviderFailure;

/**
 * Reads the provider batches and applies those that ended ({@link BatchApiLane} step 3): each
 * answered line stored and published, refused lines failed with the provider's message, unanswered
 * jobs sent again or failed.
 */
@ApplicationScoped
public class BatchCollector {

    private static final Logger LOG = Logger.getLogger(BatchCollector.class);
    /** How many provider batches one look reads at most. */
    private static final int POLL_PAGE = 10;

    private final Pool pool;
    private final BatchApiClient client;
    private final OpenAiConfig openAi;
    private final WorkerConfig.BatchApi config;
    private final ObjectMapper json;
    private final JobProcessor processor;
    private final ResultPublisher publisher;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Duration accountPause;
    private final java.util.concurrent.Executor io;

    public BatchCollector(Pool pool, @RestClient BatchApiClient client, OpenAiConfig openAi, WorkerConfig config, ObjectMapper json,
            JobProcessor processor, ResultPublisher publisher, studio.worker.engine.WorkPool work) {
        this.pool = pool;
        this.client = client;
        this.openAi = openAi;
        this.config = config.batchApi();
        this.json = json;
        this.processor = processor;
        this.publisher = publisher;
        this.accountPause = config.accountPause();
        this.io = work.io();
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

    private Uni<Void> check(String id) {
        String authorization = BatchApiLane.authorization(openAi);
        String organization = openAi.organization().orElse(null);
        return client.get(authorization, organization, id).chain(batch -> {
            if (!batch.ended()) {
                return pool.preparedQuery("UPDATE batch_api_batches SET status = $2, checked_at = now(), leased_until = NULL WHERE id = $1")
                        .execute(Tuple.of(id, batch.status())).replaceWithVoid();
            }
            return collect(authorization, organization, batch);
        });
    }

    /**
     * Applies an ended batch's answers line by line, as its output and error files are read from
     * disk (each answered job is forgotten as soon as its result is out, so a collection cut short
     * resumes where it stopped), then sends the unanswered jobs again or fails them, and forgets the
     * batch.
     */
    private Uni<Void> collect(String authorization, String organization, BatchApiClient.BatchObject batch) {
        return pool.preparedQuery("SELECT job FROM batch_api_jobs WHERE provider_batch_id = $1").execute(Tuple.of(batch.id()))
                .chain(rows -> {
                    Map<String, GenerationJob> jobs = new HashMap<>();
                    rows.forEach(row -> {
                        GenerationJob job = BatchApiLane.job(json, row.getString("job"));
                        jobs.put(BatchApiLane.customId(job), job);
                    });
                    AtomicInteger answered = new AtomicInteger();
                    return apply(authorization, organization, batch, batch.outputFileId(), jobs, answered)
                            .chain(() -> apply(authorization, organization, batch, batch.errorFileId(), jobs, answered))
                            .chain(() -> unanswered(batch))
                            .invoke(unanswered -> LOG.infof("Batch %s %s: %d answer(s), %d unanswered", batch.id(), batch.status(),
                                    answered.get(), unanswered));
                })
                .chain(() -> pool.preparedQuery("DELETE FROM batch_api_batches WHERE id = $1").execute(Tuple.of(batch.id())))
                .replaceWithVoid();
    }

    /** Applies one file's lines, one after the other, each to its job (lines of jobs already applied are passed over). */
    private Uni<Void> apply(String authorization, String organization, BatchApiClient.BatchObject batch, String fileId,
            Map<String, GenerationJob> jobs, AtomicInteger answered) {
        if (fileId == null) {
            return Uni.createFrom().voidItem();
        }
        return client.content(authorization, organization, fileId).chain(file -> Multi.createFrom()
                .resource(() -> reader(file),
                        reader -> Multi.createFrom().items(reader.lines().filter(text -> !text.isBlank())))
                .withFinalizer(reader -> {
                    try {
                        reader.close();
                    } catch (java.io.IOException e) {
                        LOG.debugf("Closing file %s: %s", fileId, e.getMessage());
                    }
                })
                .runSubscriptionOn(io)
                .onItem().transformToUniAndConcatenate(text -> {
                    JsonNode line = parse(fileId, text);
                    GenerationJob job = line == null ? null : jobs.remove(line.path("custom_id").asText());
                    if (job == null) {
                        return Uni.createFrom().voidItem();
                    }
                    answered.incrementAndGet();
                    return finish(batch, job, answer(job, line));
                })
                .collect().last().replaceWithVoid()
                .onTermination().invoke(() -> file.delete()));
    }

    private static java.io.BufferedReader reader(java.io.File file) {
        try {
            return Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode parse(String fileId, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warnf("Skipping an unreadable line of file %s: %s", fileId, e.getOriginalMessage());
            return null;
        }
    }

    /**
     * The jobs of an ended batch that got no line (it failed, expired or was cancelled): sent again
     * while they have resubmissions left, else failed. Answers how many there were.
     */
    private Uni<Integer> unanswered(BatchApiClient.BatchObject batch) {
        return pool.preparedQuery("UPDATE batch_api_jobs SET status = 'gathering', provider_batch_id = NULL, submission = NULL,"
                + " resubmissions = resubmissions + 1, queued_at = now() WHERE provider_batch_id = $1 AND resubmissions < $2 RETURNING item_id")
                .execute(Tuple.of(batch.id(), config.resubmissions()))
                .chain(again -> pool.preparedQuery("SELECT job FROM batch_api_jobs WHERE provider_batch_id = $1").execute(Tuple.of(batch.id()))
                        .chain(spent -> {
                            Uni<Void> all = Uni.createFrom().voidItem();
                            for (Row row : spent) {
                                GenerationJob job = BatchApiLane.job(json, row.getString("job"));
                                all = all.chain(() -> finish(batch, job, processor.refused(job, ProviderFailure.transientFailure(
                                        "batch_" + batch.status(), "the Batch API did not answer this image (its batch " + batch.status() + ")"))));
                            }
                            return all.replaceWith(again.size() + spent.size());
                        }));
    }

    /**
     * Publishes a job's result and forgets the job. A job whose account was refused is kept: it goes
     * back to gathering, due once the account's pause is over.
     */
    private Uni<Void> finish(BatchApiClient.BatchObject batch, GenerationJob job, Uni<GenerationResult> result) {
        Tuple key = Tuple.of(job.itemId(), job.attempt(), batch.id());
        return result.chain(publisher::publish)
                .chain(() -> pool.preparedQuery("DELETE FROM batch_api_jobs WHERE item_id = $1 AND attempt = $2 AND provider_batch_id = $3")
                        .execute(key).replaceWithVoid())
                .onFailure(JobProcessor.Requeue.class).recoverWithUni(requeue -> {
                    LOG.warnf("Item %s waits for the next batch: %s", job.itemId(), requeue.getMessage());
                    return pool.preparedQuery("UPDATE batch_api_jobs SET status = 'gathering', provider_batch_id = NULL, submission = NULL,"
                            + " queued_at = now() + ($4 * interval '1 millisecond') WHERE item_id = $1 AND attempt = $2 AND provider_batch_id = $3")
                            .execute(key.addLong(accountPause.toMillis())).replaceWithVoid();
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
        byte[] png = images.data().get(0).b64Json();
        return processor.store(job, new GeneratedImage(png, OpenAiImagesProvider.NAME, job.model(), usage, cost, null), System.nanoTime());
    }
}
