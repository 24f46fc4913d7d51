package studio.notification.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import studio.common.events.WebhookEvent;
import studio.common.outbox.Outbox;
import studio.common.persistence.NativeSql;
import studio.notification.config.WebhookConfig;
import studio.notification.delivery.TargetGuard;
import studio.notification.delivery.WebhookPayloads;
import studio.notification.delivery.WebhookSigner;
import studio.notification.repository.WebhookSubscription;
import studio.notification.repository.WebhookSubscriptionRepository;

/** Webhook subscriptions, and queueing an event for the subscriptions that want it (once each). */
@ApplicationScoped
public class SubscriptionService {

    public static final String TEST_TYPE = "webhook.test";

    /** The event types a subscription can ask for. */
    public static final Set<String> EVENT_TYPES = Set.copyOf(new TreeSet<>(List.of(BatchEvent.Created.TYPE, BatchEvent.Scheduled.TYPE,
            BatchEvent.Started.TYPE, BatchEvent.Progress.TYPE, BatchEvent.Completed.TYPE, BatchEvent.Failed.TYPE,
            BatchEvent.Cancelled.TYPE, BatchEvent.ItemCompleted.TYPE, BatchEvent.ItemFailed.TYPE, BatchEvent.ItemRated.TYPE, WebhookEvent.Disabled.TYPE)));

    /** A rotation keeps the previous secret signing for at most this long. */
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final WebhookSubscriptionRepository subscriptions;
    private final TargetGuard guard;
    private final WebhookPayloads payloads;
    private final Outbox outbox;
    private final WebhookConfig config;

    public SubscriptionService(WebhookSubscriptionRepository subscriptions, TargetGuard guard, WebhookPayloads payloads, Outbox outbox,
            WebhookConfig config) {
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.payloads = payloads;
        this.outbox = outbox;
        this.config = config;
    }

    /** What an update changes; null members stay as they are. */
    public record Changes(String url, List<String> eventTypes, String description, Boolean enabled) {
    }

    @WithTransaction
    public Uni<WebhookSubscription> create(UUID vendorId, String url, List<String> eventTypes, String description) {
        List<Problem.FieldError> errors = new ArrayList<>(guard.check("url", url));
        errors.addAll(checkTypes(eventTypes));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The subscription is invalid.", errors));
        }
        WebhookSubscription subscription = new WebhookSubscription();
        subscription.id = UUID.randomUUID();
        subscription.vendorId = vendorId;
        subscription.url = url;
        subscription.description = description;
        subscription.eventTypes = eventTypes == null || eventTypes.isEmpty() ? sorted(EVENT_TYPES) : List.copyOf(eventTypes);
        subscription.secret = WebhookSigner.newSecret();
        subscription.enabled = true;
        subscription.createdAt = Instant.now();
        subscription.updatedAt = subscription.createdAt;
        // counted under a lock per vendor, so two creations at once cannot both take the last place
        return studio.common.persistence.NativeSql.lock("webhook-subscriptions:" + vendorId)
                .chain(() -> subscriptions.count("vendorId", vendorId))
                .chain(existing -> {
                    int limit = config.maxSubscriptionsPerVendor();
                    if (existing >= limit) {
                        java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
                        figures.put("maxSubscriptions", limit);
                        figures.put("subscriptions", existing);
                        return Uni.createFrom().failure(new ProblemException(422, "subscription-limit", "Too many webhook subscriptions",
                                "You have " + existing + " webhook subscriptions; at most " + limit
                                        + " are allowed. Nothing was created: delete one you no longer need, or send more event types to one.",
                                null, figures));
                    }
                    return subscriptions.persist(subscription);
                });
    }

    private static List<Problem.FieldError> checkTypes(List<String> types) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; types != null && i < types.size(); i++) {
            if (!EVENT_TYPES.contains(types.get(i))) {
                errors.add(Problem.FieldError.of("eventTypes[" + i + "]", "unknown event type; known: " + sorted(EVENT_TYPES)));
            }
        }
        return errors;
    }

    private static List<String> sorted(Set<String> types) {
        return types.stream().sorted().toList();
    }

    @WithSession
    public Uni<WebhookSubscription> get(UUID vendorId, UUID id) {
        return owned(vendorId, id);
    }

    private Uni<WebhookSubscription> owned(UUID vendorId, UUID id) {
        return subscriptions.find("id = ?1 and vendorId = ?2", id, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Webhook subscription", id));
    }

    /**
     * Changes a subscription; the URL is checked as at creation. Enabling it clears what the platform
     * noted when it disabled it; deliveries queued before it was disabled are sent again.
     */
    @WithTransaction
    public Uni<WebhookSubscription> update(UUID vendorId, UUID id, Changes changes) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (changes.url() != null) {
            errors.addAll(guard.check("url", changes.url()));
        }
        if (changes.eventTypes() != null) {
            errors.addAll(checkTypes(changes.eventTypes()));
            if (changes.eventTypes().isEmpty()) {
                errors.add(Problem.FieldError.of("eventTypes", "must name at least one event type"));
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The changes are invalid.", errors));
        }
        return owned(vendorId, id).invoke(s -> {
            if (changes.url() != null) {
                s.url = changes.url();
            }
            if (changes.eventTypes() != null) {
                s.eventTypes = List.copyOf(changes.eventTypes());
            }
            if (changes.description() != null) {
                s.description = changes.description();
            }
            if (changes.enabled() != null) {
                s.enabled = changes.enabled();
                s.disabledReason = null;
                if (s.enabled) {
                    s.failingSince = null;
                }
            }
            s.updatedAt = Instant.now();
        });
    }

    /**
     * A new signing secret (returned this once); the previous one keeps signing beside it for
     * {@code overlap}, so receivers can switch without losing a webhook.
     */
    @WithTransaction
    public Uni<WebhookSubscription> rotate(UUID vendorId, UUID id, Duration overlap) {
        Duration keep = overlap == null ? config.rotationOverlap() : overlap;
        if (keep.isNegative() || keep.compareTo(MAX_OVERLAP) > 0) {
            return Uni.createFrom().failure(ProblemException.invalid("The overlap is out of range.",
                    List.of(Problem.FieldError.of("overlapSeconds", "must be between 0 and " + MAX_OVERLAP.toSeconds()))));
        }
        return owned(vendorId, id).invoke(s -> {
            s.previousSecret = s.secret;
            s.previousSecretExpiresAt = Instant.now().plus(keep);
            s.secret = WebhookSigner.newSecret();
            s.updatedAt = Instant.now();
        });
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

    /** An event to deliver: its vendor, its CloudEvents id and type, and the webhook's body. */
    public record Outgoing(UUID vendorId, String eventId, String eventType, String payload) {
    }

    /**
     * Queues events (a poll's worth at once: one statement) for every enabled subscription of their
     * vendor that asked for their type and has not had them yet (the unique (subscription, event) row
     * makes a second consumption, or a second replica, queue nothing). Returns how many deliveries
     * were queued.
     */
    @WithTransaction
    public Uni<Integer> queue(List<Outgoing> events) {
        int n = events.size();
        UUID[] vendors = new UUID[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            vendors[i] = events.get(i).vendorId();
            ids[i] = events.get(i).eventId();
            types[i] = events.get(i).eventType();
            payloads[i] = events.get(i).payload();
        }
        return NativeSql.update("""
                INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, status, next_attempt_at)
                SELECT gen_random_uuid(), s.id, e.event_id, e.event_type, e.payload, 'pending', now()
                FROM unnest(cast(?1 AS uuid[]), cast(?2 AS text[]), cast(?3 AS text[]), cast(?4 AS text[]))
                     AS e(vendor_id, event_id, event_type, payload)
                JOIN webhook_subscriptions s ON s.vendor_id = e.vendor_id AND s.enabled AND e.event_type = ANY (s.event_types)
                ON CONFLICT (subscription_id, event_id) DO NOTHING""", vendors, ids, types, payloads);
    }

    /** Queues a {@code webhook.test} event for this subscription only; 409 when it is disabled. Returns the delivery's id. */
    @WithTransaction
    public Uni<UUID> sendTest(UUID vendorId, UUID id) {
        return owned(vendorId, id).chain(s -> {
            if (!s.enabled) {
                return Uni.createFrom().failure(new ProblemException(409, "subscription-disabled", "Subscription disabled",
                        "Enable webhook subscription " + id + " before testing it.", null));
            }
            UUID delivery = UUID.randomUUID();
            String messageId = "msg_" + UUID.randomUUID().toString().replace("-", "");
            String payload = payloads.body(TEST_TYPE, Instant.now(), Map.of("subscriptionId", id.toString(),
                    "message", "A test event: this endpoint receives the studio's webhooks."), Map.of("subscription", link(id)));
            return NativeSql.update("INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, payload, status,"
                    + " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', now())", delivery, id, messageId, TEST_TYPE, payload)
                    .replaceWith(delivery);
        });
    }

    /**
     * The platform disables a subscription (its endpoint is gone or has failed for days): its queued
     * deliveries fail, {@code webhook.disabled} is announced on the alerts topic and delivered to the
     * vendor's other subscriptions that ask for it. Nothing happens to one already disabled.
     */
    @WithTransaction
    public Uni<Void> disableFailing(UUID id, String reason) {
        return subscriptions.findById(id).chain(s -> {
            if (s == null || !s.enabled) {
                return Uni.createFrom().voidItem();
            }
            s.enabled = false;
            s.disabledReason = reason;
            s.updatedAt = Instant.now();
            var event = new WebhookEvent.Disabled(s.id, s.vendorId, s.url, reason);
            return subscriptions.flush()
                    .chain(() -> NativeSql.update("UPDATE webhook_deliveries SET status = 'failed', ended_at = now(), leased_until = NULL,"
                            + " last_error = ?2 WHERE subscription_id = ?1 AND status = 'pending'", id, "subscription disabled: " + reason))
                    .chain(() -> outbox.publish(event))
                    .chain(eventId -> queue(List.of(new Outgoing(s.vendorId, eventId.toString(), event.type(),
                            payloads.body(event.type(), Instant.now(), event, Map.of("subscription", link(id)))))))
                    .replaceWithVoid();
        });
    }

    public static String link(UUID subscriptionId) {
        return WebhookPayloads.API + "/webhooks/" + subscriptionId;
    }
}
