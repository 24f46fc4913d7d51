package studio.notification.service;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.persistence.NativeSql;
import studio.notification.delivery.WebhookSigner;
import studio.notification.repository.WebhookSubscription;
import studio.notification.repository.WebhookSubscriptionRepository;

/** Webhook subscriptions, and deciding which of them an event goes to (once each). */
@ApplicationScoped
public class SubscriptionService {

    /** The event types a subscription can ask for. */
    public static final Set<String> EVENT_TYPES = Set.of(BatchEvent.Created.TYPE, BatchEvent.Scheduled.TYPE,
            BatchEvent.Started.TYPE, BatchEvent.Progress.TYPE, BatchEvent.Completed.TYPE, BatchEvent.Failed.TYPE,
            BatchEvent.Cancelled.TYPE);

    private final WebhookSubscriptionRepository subscriptions;

    public SubscriptionService(WebhookSubscriptionRepository subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** An event claimed for one subscription: where to send it and with which secret. */
    public record Claimed(UUID subscriptionId, String url, String secret) {
    }

    @WithTransaction
    public Uni<WebhookSubscription> create(UUID vendorId, String url, List<String> eventTypes, String description) {
        List<Problem.FieldError> errors = new ArrayList<>();
        try {
            URI target = URI.create(url);
            if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme()) || target.getHost() == null) {
                errors.add(Problem.FieldError.of("url", "must be an absolute http or https URL"));
            }
        } catch (IllegalArgumentException e) {
            errors.add(Problem.FieldError.of("url", "is not a URL: " + e.getMessage()));
        }
        List<String> types = eventTypes == null ? List.of() : eventTypes;
        for (int i = 0; i < types.size(); i++) {
            if (!EVENT_TYPES.contains(types.get(i))) {
                errors.add(Problem.FieldError.of("eventTypes[" + i + "]", "unknown event type; known: " + EVENT_TYPES.stream().sorted().toList()));
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The subscription is invalid.", errors));
        }
        WebhookSubscription subscription = new WebhookSubscription();
        subscription.id = UUID.randomUUID();
        subscription.vendorId = vendorId;
        subscription.url = url;
        subscription.description = description;
        subscription.eventTypes = types.isEmpty() ? EVENT_TYPES.stream().sorted().toList() : List.copyOf(types);
        subscription.secret = WebhookSigner.newSecret();
        subscription.enabled = true;
        subscription.createdAt = Instant.now();
        subscription.updatedAt = subscription.createdAt;
        return subscriptions.persist(subscription);
    }

    @WithTransaction
    public Uni<Void> delete(UUID vendorId, UUID id) {
        return subscriptions.delete("id = ?1 and vendorId = ?2", id, vendorId)
                .map(deleted -> {
                    if (deleted == 0) {
                        throw ProblemException.notFound("Webhook subscription", id);
                    }
                    return null;
                });
    }

    @WithSession
    public Uni<Page<WebhookSubscription>> list(UUID vendorId, PageRequest page) {
        return subscriptions.listForVendor(vendorId, page);
    }

    /**
     * The vendor's enabled subscriptions to this event type that have not had this event yet; each is
     * claimed in the same transaction, so a second consumption of the event claims nothing.
     */
    @WithTransaction
    public Uni<List<Claimed>> claim(UUID vendorId, String eventId, String eventType) {
        return subscriptions.list("vendorId = ?1 and enabled = true", vendorId).chain(found -> {
            List<WebhookSubscription> matching = found.stream().filter(s -> s.eventTypes.contains(eventType)).toList();
            List<Claimed> claimed = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (WebhookSubscription s : matching) {
                chain = chain.chain(() -> NativeSql.update(
                        "INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type) VALUES (?1, ?2, ?3, ?4) "
                                + "ON CONFLICT (subscription_id, event_id) DO NOTHING", UUID.randomUUID(), s.id, eventId, eventType))
                        .invoke(inserted -> {
                            if (inserted == 1) {
                                claimed.add(new Claimed(s.id, s.url, s.secret));
                            }
                        })
                        .replaceWithVoid();
            }
            return chain.replaceWith(claimed);
        });
    }
}
