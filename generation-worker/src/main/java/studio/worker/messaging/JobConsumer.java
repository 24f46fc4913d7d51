package studio.worker.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import studio.common.events.CloudEventHeaders;
import studio.common.events.EventTypes;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.worker.batchapi.BatchApiLane;
import studio.worker.engine.Dispatcher;

/**
 * Takes the three lanes' jobs into the {@link Dispatcher} (the bulk lane's into {@link BatchApiLane}
 * when the Batch API is switched on). Each record is acknowledged only when its
 * job has a published result (or was skipped): the throttled commit strategy then commits offsets up
 * to the first job still running, so a crash hands every unfinished job to another replica. A record
 * that is no job at all goes to the dead-letter topic.
 */
@ApplicationScoped
public class JobConsumer {

    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final Dispatcher dispatcher;
    private final ResultPublisher publisher;
    private final ObjectMapper json;
    private final BatchApiLane batchApi;
    private final studio.worker.engine.WorkerMetrics metrics;

    public JobConsumer(Dispatcher dispatcher, ResultPublisher publisher, ObjectMapper json, BatchApiLane batchApi,
            studio.worker.engine.WorkerMetrics metrics) {
        this.metrics = metrics;
        this.batchApi = batchApi;
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.json = json;
    }

    @Incoming("jobs-interactive")
    public Uni<Void> interactive(KafkaRecord<String, String> record) {
        return take(Lane.INTERACTIVE, record);
    }

    @Incoming("jobs-standard")
    public Uni<Void> standard(KafkaRecord<String, String> record) {
        return take(Lane.STANDARD, record);
    }

    @Incoming("jobs-bulk")
    public Uni<Void> bulk(KafkaRecord<String, String> record) {
        return take(Lane.BULK, record);
    }

    private Uni<Void> take(Lane lane, KafkaRecord<String, String> record) {
        Optional<GenerationJob> job;
        String type = CloudEventHeaders.read(record.getHeaders()).get(CloudEventHeaders.TYPE);
        try {
            job = EventTypes.decode(json, type, record.getPayload()).filter(GenerationJob.class::isInstance).map(GenerationJob.class::cast);
        } catch (IllegalArgumentException malformed) {
            return deadLetter(record, malformed.getMessage());
        }
        if (job.isEmpty()) {
            return deadLetter(record, "not a " + GenerationJob.TYPE + " event (ce_type " + type + ")");
        }
        LOG.debugf("Took item %s from %s-%d (produced %s)", job.get().itemId(), record.getTopic(), record.getPartition(), record.getTimestamp());
        if (lane == Lane.BULK && batchApi.enabled()) {
            // kept in the worker database before the record is acknowledged; see BatchApiLane
            return batchApi.accept(job.get()).chain(() -> Uni.createFrom().completionStage(record.ack()));
        }
        return dispatcher.admit(lane, job.get(), () -> record.ack(), dispatcher.partition(record.getTopic(), record.getPartition()));
    }

    private Uni<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering a record of %s (key %s): %s", record.getTopic(), record.getKey(), reason);
        metrics.deadLettered(record.getTopic());
        return publisher.deadLetter(record.getTopic(), record.getKey(), record.getPayload(), record.getHeaders(), reason)
                .chain(() -> Uni.createFrom().completionStage(record.ack()));
    }
}
