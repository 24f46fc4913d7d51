package studio.template.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.messaging.UntilAvailable;
import studio.common.events.BatchEvent;
import studio.common.events.CloudEventHeaders;
import studio.common.events.EventTypes;
import studio.template.service.TemplateUsage;

/** Counts template usage from {@code studio.batches}. */
@ApplicationScoped
public class BatchUsageConsumer {

    private final TemplateUsage usage;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public BatchUsageConsumer(TemplateUsage usage, ObjectMapper json, UntilAvailable database) {
        this.usage = usage;
        this.json = json;
        this.database = database;
    }

    @Incoming("batch-usage")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String id = CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.ID);
        return EventTypes.decode(json, record, BatchEvent.class)
                .filter(e -> id != null)
                .map(e -> database.run("batch-usage", () -> usage.apply(id, e)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
