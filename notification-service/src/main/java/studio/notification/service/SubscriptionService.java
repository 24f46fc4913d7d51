package studio.notification.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.notification.repository.WebhookSubscription;
import studio.notification.repository.WebhookSubscriptionRepository;

/** Webhook subscriptions' business methods. */
@ApplicationScoped
public class SubscriptionService {

    private final WebhookSubscriptionRepository subscriptions;

    public SubscriptionService(WebhookSubscriptionRepository subscriptions) {
        this.subscriptions = subscriptions;
    }

    @WithSession
    public Uni<Page<WebhookSubscription>> list(UUID vendorId, PageRequest page) {
        return subscriptions.listForVendor(vendorId, page);
    }
}
