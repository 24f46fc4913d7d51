package studio.common.events;

import java.util.UUID;

/** Events of {@value Topics#ALERTS} about a vendor's webhook subscriptions, published by notification-service. */
public sealed interface WebhookEvent extends StudioEvent {

    UUID subscriptionId();

    UUID vendorId();

    @Override
    default String topic() {
        return Topics.ALERTS;
    }

    @Override
    default String aggregateId() {
        return subscriptionId().toString();
    }

    /**
     * The platform stopped delivering to a subscription: its endpoint answered {@code 410 Gone}, or
     * every delivery failed for days. The vendor re-enables it once the endpoint works again.
     */
    record Disabled(UUID subscriptionId, UUID vendorId, String url, String reason) implements WebhookEvent {
        public static final String TYPE = "webhook.disabled";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
