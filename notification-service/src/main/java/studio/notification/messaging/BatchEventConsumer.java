package studio.notification.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.messaging.UntilAvailable;
import studio.common.events.BatchEvent;
import studio.common.events.CloudEventHeaders;
import studio.common.events.EventTypes;
import studio.notification.delivery.DeliveryDispatcher;
import studio.notification.delivery.WebhookPayloads;
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
    private final DeliveryDispatcher dispatcher;
    private final WebhookPayloads payloads;
    private final ProgressHub hub;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public BatchEventConsumer(SubscriptionService subscriptions, DeliveryDispatcher dispatcher, WebhookPayloads payloads, ProgressHub hub,
            ObjectMapper json, UntilAvailable database) {
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
        this.payloads = payloads;
        this.hub = hub;
        this.json = json;
        this.database = database;
    }

    /** A poll's worth of events at once (the channel is in batch mode): one transaction queues their webhooks. */
    @Incoming("batch-events")
    public Uni<Void> deliver(ConsumerRecords<String, String> records) {
        List<SubscriptionService.Outgoing> outgoing = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            Map<String, String> headers = CloudEventHeaders.read(record.headers());
            String id = headers.get(CloudEventHeaders.ID);
            var decoded = EventTypes.decode(json, record, BatchEvent.class);
            if (id == null || decoded.isEmpty()) {
                LOG.warnf("Skipping a record that is no batch event on %s (key %s)", record.topic(), record.key());
                continue;
            }
            BatchEvent event = decoded.get();
            outgoing.add(new SubscriptionService.Outgoing(event.vendorId(), id, event.type(),
                    payloads.body(event.type(), time(headers.get(CloudEventHeaders.TIME)), event, links(event))));
        }
        if (outgoing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return database.run("batch-events", () -> subscriptions.queue(outgoing).invoke(queued -> {
            if (queued > 0) {
                dispatcher.wake();
            }
        }).replaceWithVoid());
    }

    @Incoming("batch-progress")
    public void progress(ConsumerRecord<String, String> record) {
        if (LOG.isDebugEnabled()) {
            Instant written = time(CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.TIME));
            LOG.debugf("Event %s: relayed %d ms after it was written, consumed %d ms after it was relayed", record.offset(),
                    written == null ? -1 : record.timestamp() - written.toEpochMilli(), System.currentTimeMillis() - record.timestamp());
        }
        var event = EventTypes.decode(json, record, BatchEvent.class);
        hub.publish(record.partition(), record.offset(), event.map(BatchEvent::type).orElse(null),
                event.map(BatchEvent::vendorId).orElse(null), event.map(BatchEvent::batchId).orElse(null), record.value());
    }

    /** The event's {@code ce_time}; null (now) when it is absent or unreadable. */
    private static Instant time(String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Where the API tells more: the batch, and the item for item events (its image links are made fresh there). */
    private static Map<String, String> links(BatchEvent event) {
        String batch = WebhookPayloads.API + "/generate/batch/" + event.batchId();
        if (event instanceof BatchEvent.ItemCompleted item) {
            return Map.of("batch", batch, "item", batch + "/items/" + item.itemId());
        }
        if (event instanceof BatchEvent.ItemFailed item) {
            return Map.of("batch", batch, "item", batch + "/items/" + item.itemId());
        }
        if (event instanceof BatchEvent.ItemRated item) {
            return Map.of("batch", batch, "item", batch + "/items/" + item.itemId());
        }
        return Map.of("batch", batch);
    }
}
