package studio.notification.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.notification.repository.WebhookSubscription;
import studio.notification.service.SubscriptionService;

/** {@code /api/vendor/media/webhooks}: the vendor's webhook subscriptions (secrets are never listed). */
@Path("/api/vendor/media/webhooks")
public class WebhookResource {

    private final SubscriptionService service;
    private final CurrentVendor vendor;

    public WebhookResource(SubscriptionService service, CurrentVendor vendor) {
        this.service = service;
        this.vendor = vendor;
    }

    public record SubscriptionView(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
            Instant createdAt, Instant updatedAt) {

        static SubscriptionView of(WebhookSubscription s) {
            return new SubscriptionView(s.id, s.url, s.description, s.eventTypes, s.enabled, s.createdAt, s.updatedAt);
        }
    }

    @GET
    public Uni<Page<SubscriptionView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(SubscriptionView::of));
    }
}
