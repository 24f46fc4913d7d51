package studio.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import studio.common.events.BatchEvent;
import studio.common.events.EventTypes;
import studio.worker.job.CancelledBatches;

/**
 * Learns cancelled batches from {@code studio.batches}. Every replica reads the whole topic in its
 * own group (from the beginning, so a restarted worker knows the cancellations before its jobs).
 */
@ApplicationScoped
public class CancellationConsumer {

    private final CancelledBatches cancelled;
    private final ObjectMapper json;

    public CancellationConsumer(CancelledBatches cancelled, ObjectMapper json) {
        this.cancelled = cancelled;
        this.json = json;
    }

    @Incoming("batch-cancellations")
    public void consume(ConsumerRecord<String, String> record) {
        EventTypes.decode(json, record, BatchEvent.class).filter(BatchEvent.Cancelled.class::isInstance)
                .ifPresent(event -> cancelled.add(event.batchId()));
    }
}
