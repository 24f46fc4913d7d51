package studio.notification.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
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

    public record CreateSubscription(@NotBlank @Size(max = 2048) String url, @Size(max = 20) List<@NotBlank String> eventTypes,
            @Size(max = 500) String description) {
    }

    /** The answer to a creation: the subscription and, this once, its signing secret. */
    public record CreatedSubscription(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
            String secret, Instant createdAt) {
    }

    /** Subscribes a URL to event types (all batch events when none are named); the secret is shown here only. */
    @POST
    public Uni<Response> create(@Valid @NotNull CreateSubscription request) {
        return service.create(vendor.id(), request.url(), request.eventTypes(), request.description())
                .map(s -> Response.created(URI.create("/api/vendor/media/webhooks/" + s.id))
                        .entity(new CreatedSubscription(s.id, s.url, s.description, s.eventTypes, s.enabled, s.secret, s.createdAt))
                        .build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(vendor.id(), id).map(ignored -> Response.noContent().build());
    }

    @GET
    public Uni<Page<SubscriptionView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(SubscriptionView::of));
    }
}
