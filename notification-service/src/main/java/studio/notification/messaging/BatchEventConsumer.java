package studio.notification.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.events.BatchEvent;
import studio.common.events.CloudEventHeaders;
import studio.common.events.EventTypes;
import studio.notification.delivery.WebhookSender;
import studio.notification.progress.ProgressHub;
import studio.notification.service.SubscriptionService;

/**
 * Turns batch events into webhook deliveries (shared consumer group: one replica per event) and into
 * live progress (a group per replica: every open stream sees every event).
 */
@ApplicationScoped
public class BatchEventConsumer {

    private static final Logger LOG = Logger.getLogger(BatchEventConsumer.class);

    private final SubscriptionService subscriptions;
    private final WebhookSender sender;
    private final ProgressHub hub;
    private final ObjectMapper json;

    public BatchEventConsumer(SubscriptionService subscriptions, WebhookSender sender, ProgressHub hub, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.hub = hub;
        this.json = json;
    }

    @Incoming("batch-events")
    public Uni<Void> deliver(ConsumerRecord<String, String> record) {
        Map<String, String> headers = CloudEventHeaders.read(record.headers());
        String id = headers.get(CloudEventHeaders.ID);
        var decoded = EventTypes.decode(json, record, BatchEvent.class);
        if (id == null || decoded.isEmpty()) {
            LOG.warnf("Skipping a record that is no batch event on %s (key %s)", record.topic(), record.key());
            return Uni.createFrom().voidItem();
        }
        BatchEvent event = decoded.get();
        String type = event.type();
        String body = webhookBody(type, headers.get(CloudEventHeaders.TIME), record.value(), event);
        return subscriptions.claim(event.vendorId(), id, type)
                .invoke(claimed -> claimed.forEach(c -> sender.send(new WebhookSender.Delivery(c.url(), c.secret(), id, body))))
                .replaceWithVoid();
    }

    @Incoming("batch-progress")
    public void progress(ConsumerRecord<String, String> record) {
        String id = CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.ID);
        EventTypes.decode(json, record, BatchEvent.class)
                .ifPresent(e -> hub.publish(new ProgressHub.ProgressEvent(id, e.type(), e.vendorId(), e.batchId(), record.value())));
    }

    /** A thin Standard Webhooks payload: type, timestamp, the event's own fields and a link to the batch. */
    private String webhookBody(String type, String time, String eventJson, BatchEvent event) {
        try {
            Map<String, Object> data = new LinkedHashMap<>(json.readValue(eventJson, Map.class));
            data.put("links", Map.of("batch", "/api/vendor/media/generate/batch/" + event.batchId()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("timestamp", time == null ? Instant.now().toString() : time);
            body.put("data", data);
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type + " event", e);
        }
    }
}
