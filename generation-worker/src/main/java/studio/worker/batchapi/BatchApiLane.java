package studio.worker.batchapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.events.GenerationJob;
import studio.worker.config.OpenAiConfig;
import studio.worker.config.WorkerConfig;
import studio.worker.engine.ProviderCalls;
import studio.worker.job.CancelledBatches;
import studio.worker.job.JobProcessor;
import studio.worker.messaging.ResultPublisher;
import studio.worker.provider.OpenAiImagesProvider;

/**
 * The bulk lane through OpenAI's Batch API, when {@code studio.worker.batch-api.enabled} and the
 * worker calls OpenAI: images at the Batch API's price, answered within 24 hours.
 * <ol>
 * <li>A bulk job is written to {@code batch_api_jobs} (gathering) and only then acknowledged, so a
 * crash loses none; a job whose image is already stored is answered from storage at once.</li>
 * <li>Every second each replica looks for a model whose gathered jobs are many enough
 * ({@code max-requests}) or old enough ({@code gather}); it leases them under a new submission id
 * ({@code FOR UPDATE SKIP LOCKED}), uploads them as one JSONL file ({@code custom_id} = item and
 * attempt; the body is the catalog's provider request, as for a synchronous call), creates the batch
 * with the submission in its metadata, and records it.</li>
 * <li>Every {@code poll-interval} each replica reads the batches it can lease. A completed batch's
 * output and error files are streamed to disk and applied line by line: each image is stored
 * (the same content-addressed keys, the thumbnail last) and its result published, costed from its usage
 * at the catalog's token rates times {@code price-factor}, and its job forgotten; a refused line fails
 * its item with the provider's message, except a refused account (401, 403, {@code insufficient_quota}),
 * whose job is kept for a batch after the account's pause. A batch that failed, expired or was
 * cancelled sends its unanswered jobs again ({@code resubmissions}), then fails them.</li>
 * </ol>
 * A replica that dies while sending, or cannot record the batch it created, leaves its lease to run
 * out; the submission is then looked up among the account's batches by its metadata and recorded,
 * or, when it made none, its jobs are sent again. No job is sent in two provider batches.
 */
@ApplicationScoped
public class BatchApiLane {

    private static final Logger LOG = Logger.getLogger(BatchApiLane.class);

    private final Pool pool;
    private final WorkerConfig.BatchApi config;
    private final ProviderCalls calls;
    private final JobProcessor processor;
    private final ResultPublisher publisher;
    private final CancelledBatches cancelled;
    private final BatchSender sender;
    private final BatchCollector collector;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final List<Long> timers = new ArrayList<>();

    public BatchApiLane(Pool pool, WorkerConfig config, ProviderCalls calls, JobProcessor processor, ResultPublisher publisher,
            CancelledBatches cancelled, BatchSender sender, BatchCollector collector, ObjectMapper json, Vertx vertx) {
        this.pool = pool;
        this.config = config.batchApi();
        this.calls = calls;
        this.processor = processor;
        this.publisher = publisher;
        this.cancelled = cancelled;
        this.sender = sender;
        this.collector = collector;
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
        timers.add(vertx.setPeriodic(1000, id -> sender.submitDue()));
        timers.add(vertx.setPeriodic(Math.max(200, config.pollInterval().toMillis()), id -> collector.pollDue()));
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

    /** The OpenAI key as an Authorization header. */
    static String authorization(OpenAiConfig openAi) {
        return "Bearer " + openAi.apiKey().orElseThrow();
    }

    /** A stored bulk job. */
    static GenerationJob job(ObjectMapper json, String text) {
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
