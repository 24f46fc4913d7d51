package studio.batch.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.batch.service.Results;
import studio.common.messaging.UntilAvailable;
import studio.common.events.EventTypes;
import studio.common.events.GenerationResult;

/**
 * Applies the workers' results ({@code studio.generation.results}) to batches and items, a poll's
 * worth at a time in one transaction (the channel is in batch mode): every image is a result, and a
 * transaction each was most of this service's cost per image.
 */
@ApplicationScoped
public class ResultConsumer {

    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    private final Results results;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public ResultConsumer(Results results, ObjectMapper json, UntilAvailable database) {
        this.results = results;
        this.json = json;
        this.database = database;
    }

    /**
     * The database away: the result waits in hand until it answers ({@link UntilAvailable}). Any
     * other failure is retried a few times; one that escapes would stop this channel.
     */
    @Incoming("generation-results")
    @Retry(maxRetries = 10, delay = 500, jitter = 250, maxDuration = 60_000)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Results.Arrived> arrived = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            EventTypes.decode(json, record, GenerationResult.class).ifPresentOrElse(
                    result -> arrived.add(new Results.Arrived(result, Instant.ofEpochMilli(record.timestamp()))),
                    () -> LOG.warnf("Skipping a record that is no generation result on %s (key %s)", record.topic(), record.key()));
        }
        return arrived.isEmpty() ? Uni.createFrom().voidItem() : database.run("generation-results", () -> results.applyAll(arrived));
    }
}
