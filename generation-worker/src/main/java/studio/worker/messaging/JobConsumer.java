package studio.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.Blocking;
import studio.common.events.EventTypes;
import studio.common.events.GenerationJob;
import studio.worker.job.CancelledBatches;
import studio.worker.job.JobProcessor;

/** Consumes the three lanes' job topics; each job yields exactly one published result. */
@ApplicationScoped
public class JobConsumer {

    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final JobProcessor processor;
    private final ResultPublisher publisher;
    private final CancelledBatches cancelled;
    private final ObjectMapper json;

    public JobConsumer(JobProcessor processor, ResultPublisher publisher, CancelledBatches cancelled, ObjectMapper json) {
        this.processor = processor;
        this.publisher = publisher;
        this.cancelled = cancelled;
        this.json = json;
    }

    @Incoming("jobs-interactive")
    @Blocking
    public void interactive(ConsumerRecord<String, String> record) {
        handle(record);
    }

    @Incoming("jobs-standard")
    @Blocking
    public void standard(ConsumerRecord<String, String> record) {
        handle(record);
    }

    @Incoming("jobs-bulk")
    @Blocking
    public void bulk(ConsumerRecord<String, String> record) {
        handle(record);
    }

    private void handle(ConsumerRecord<String, String> record) {
        var job = EventTypes.decode(json, record, GenerationJob.class);
        if (job.isEmpty()) {
            LOG.warnf("Skipping a record that is no job on %s (key %s)", record.topic(), record.key());
            return;
        }
        if (cancelled.contains(job.get().batchId())) {
            // batch-service has already counted the item as cancelled: no provider call, no result
            LOG.infof("Skipping item %s: batch %s was cancelled", job.get().itemId(), job.get().batchId());
            return;
        }
        publisher.publish(processor.process(job.get()));
    }
}
