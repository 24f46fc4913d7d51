package studio.notification.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.Pages;

@ApplicationScoped
public class WebhookSubscriptionRepository implements PanacheRepositoryBase<WebhookSubscription, UUID> {

    public Uni<Page<WebhookSubscription>> listForVendor(UUID vendorId, PageRequest request) {
        return Pages.of(find("vendorId", Sort.descending("createdAt").and("id"), vendorId), request);
    }
}
