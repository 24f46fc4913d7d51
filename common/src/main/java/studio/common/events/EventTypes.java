package studio.common.events;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every CloudEvents type the platform publishes, and the record each decodes to. */
public final class EventTypes {

    private static final Map<String, Class<? extends StudioEvent>> TYPES = Map.ofEntries(
            Map.entry(TemplateEvent.Created.TYPE, TemplateEvent.Created.class),
            Map.entry(TemplateEvent.Updated.TYPE, TemplateEvent.Updated.class),
            Map.entry(TemplateEvent.Deleted.TYPE, TemplateEvent.Deleted.class),
            Map.entry(TemplateEvent.Used.TYPE, TemplateEvent.Used.class),
            Map.entry(StyleEvent.Created.TYPE, StyleEvent.Created.class),
            Map.entry(StyleEvent.Updated.TYPE, StyleEvent.Updated.class),
            Map.entry(StyleEvent.Deleted.TYPE, StyleEvent.Deleted.class),
            Map.entry(BatchEvent.Created.TYPE, BatchEvent.Created.class),
            Map.entry(BatchEvent.Scheduled.TYPE, BatchEvent.Scheduled.class),
            Map.entry(BatchEvent.Started.TYPE, BatchEvent.Started.class),
            Map.entry(BatchEvent.Progress.TYPE, BatchEvent.Progress.class),
            Map.entry(BatchEvent.Completed.TYPE, BatchEvent.Completed.class),
            Map.entry(BatchEvent.Failed.TYPE, BatchEvent.Failed.class),
            Map.entry(BatchEvent.Cancelled.TYPE, BatchEvent.Cancelled.class),
            Map.entry(BatchEvent.ItemCompleted.TYPE, BatchEvent.ItemCompleted.class),
            Map.entry(BatchEvent.ItemFailed.TYPE, BatchEvent.ItemFailed.class),
            Map.entry(BatchEvent.ItemRated.TYPE, BatchEvent.ItemRated.class),
            Map.entry(GenerationJob.TYPE, GenerationJob.class),
            Map.entry(GenerationResult.Completed.TYPE, GenerationResult.Completed.class),
            Map.entry(GenerationResult.Failed.TYPE, GenerationResult.Failed.class),
            Map.entry(GenerationResult.Retrying.TYPE, GenerationResult.Retrying.class),
            Map.entry(ProviderEvent.Paused.TYPE, ProviderEvent.Paused.class),
            Map.entry(ProviderEvent.Resumed.TYPE, ProviderEvent.Resumed.class),
            Map.entry(WebhookEvent.Disabled.TYPE, WebhookEvent.Disabled.class),
            Map.entry(ProductEvent.Created.TYPE, ProductEvent.Created.class),
            Map.entry(ProductEvent.Updated.TYPE, ProductEvent.Updated.class),
            Map.entry(ProductEvent.Deleted.TYPE, ProductEvent.Deleted.class),
            Map.entry(ProductEvent.ImageLinked.TYPE, ProductEvent.ImageLinked.class),
            Map.entry(VendorEvent.PlanChanged.TYPE, VendorEvent.PlanChanged.class));

    private EventTypes() {
    }

    /** Every type with its record (the AsyncAPI document is checked against these). */
    public static Map<String, Class<? extends StudioEvent>> all() {
        return TYPES;
    }

    /** The event of a Kafka record if it is of the wanted kind (by its {@code ce_type} header); else empty. */
    public static <T extends StudioEvent> Optional<T> decode(ObjectMapper json, ConsumerRecord<String, String> record, Class<T> wanted) {
        String type = CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.TYPE);
        return decode(json, type, record.value()).filter(wanted::isInstance).map(wanted::cast);
    }

    /** The event in a record, by its {@code ce_type}; empty for a type this build does not know. */
    public static Optional<StudioEvent> decode(ObjectMapper json, String type, String payload) {
        Class<? extends StudioEvent> target = type == null ? null : TYPES.get(type);
        if (target == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(payload, target));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type + " event: " + e.getOriginalMessage(), e);
        }
    }
}
