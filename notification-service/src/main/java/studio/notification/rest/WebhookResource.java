package studio.notification.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.api.Visible;
import studio.common.tenancy.CurrentVendor;
import studio.notification.delivery.DeliveryDispatcher;
import studio.notification.repository.WebhookSubscription;
import studio.notification.service.SubscriptionService;

/**
 * {@code /api/vendor/media/webhooks}: the vendor's webhook subscriptions. A secret is shown when it is
 * made (creation, rotation) and never again.
 */
@Path("/api/vendor/media/webhooks")
public class WebhookResource {

    private final SubscriptionService service;
    private final DeliveryDispatcher dispatcher;
    private final CurrentVendor vendor;

    public WebhookResource(SubscriptionService service, DeliveryDispatcher dispatcher, CurrentVendor vendor) {
        this.service = service;
        this.dispatcher = dispatcher;
        this.vendor = vendor;
    }

    /**
     * A subscription as listed: {@code disabledReason} says why the platform disabled it,
     * {@code failingSince} since when its deliveries have been failing, {@code previousSecretExpiresAt}
     * until when the secret before the last rotation still signs.
     */
    public record SubscriptionView(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
            String disabledReason, Instant failingSince, Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {

        static SubscriptionView of(WebhookSubscription s) {
            Instant previous = s.previousSecretExpiresAt != null && s.previousSecretExpiresAt.isAfter(Instant.now())
                    ? s.previousSecretExpiresAt : null;
            return new SubscriptionView(s.id, s.url, s.description, s.eventTypes, s.enabled, s.disabledReason, s.failingSince, previous,
                    s.createdAt, s.updatedAt);
        }
    }

    public record CreateSubscription(@NotBlank @Size(max = 2048) String url, @Size(max = 20) List<@NotBlank String> eventTypes,
            @Visible @Size(max = 500) String description) {
    }

    /** The answer to a creation: the subscription and, this once, its signing secret. */
    public record CreatedSubscription(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
            String secret, Instant createdAt) {
    }

    /** Members left out (or null) stay as they are. */
    public record UpdateSubscription(@Size(min = 1, max = 2048) String url, @Size(max = 20) List<@NotBlank String> eventTypes,
            @Visible @Size(max = 500) String description, Boolean enabled) {
    }

    /** {@code overlapSeconds}: how long the current secret keeps signing beside the new one (default {@code studio.webhooks.rotation-overlap}). */
    public record Rotation(Long overlapSeconds) {
    }

    /** The new secret, shown this once, and until when the previous one still signs. */
    public record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) {
    }

    /** Subscribes a URL to event types (all of them when none are named); the secret is shown here only. */
    @Operation(summary = "Subscribes a URL to event types (all of them when none are named); the secret is shown here only")
    @POST
    public Uni<Response> create(@Valid @NotNull CreateSubscription request) {
        return service.create(vendor.id(), request.url(), request.eventTypes(), request.description())
                .map(s -> Response.created(URI.create(SubscriptionService.link(s.id)))
                        .entity(new CreatedSubscription(s.id, s.url, s.description, s.eventTypes, s.enabled, s.secret, s.createdAt))
                        .build());
    }

    @GET
    public Uni<Page<SubscriptionView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(SubscriptionView::of));
    }

    /** The event types a subscription can ask for. */
    @Operation(summary = "The event types a subscription can ask for")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/event-types")
    public List<String> eventTypes() {
        return SubscriptionService.EVENT_TYPES.stream().sorted().toList();
    }

    @GET
    @Path("/{id}")
    public Uni<SubscriptionView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(SubscriptionView::of);
    }

    /** Changes the URL (checked as at creation), event types, description or enabled state. */
    @Operation(summary = "Changes the URL (checked as at creation), event types, description or enabled state")
    @APIResponse(responseCode = "200", description = "OK")
    @PATCH
    @Path("/{id}")
    public Uni<SubscriptionView> update(@PathParam("id") UUID id, @Valid @NotNull UpdateSubscription request) {
        return changed(service.update(vendor.id(), id,
                new SubscriptionService.Changes(request.url(), request.eventTypes(), request.description(), request.enabled())));
    }

    @POST
    @Path("/{id}/enable")
    public Uni<SubscriptionView> enable(@PathParam("id") UUID id) {
        return changed(service.update(vendor.id(), id, new SubscriptionService.Changes(null, null, null, true)));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<SubscriptionView> disable(@PathParam("id") UUID id) {
        return changed(service.update(vendor.id(), id, new SubscriptionService.Changes(null, null, null, false)));
    }

    private Uni<SubscriptionView> changed(Uni<WebhookSubscription> update) {
        // an enabled subscription may have deliveries waiting that are due
        return update.map(SubscriptionView::of).invoke(view -> dispatcher.wake());
    }

    /** A new signing secret; both sign during the overlap. */
    @Operation(summary = "A new signing secret; both sign during the overlap")
    @APIResponse(responseCode = "200", description = "OK")
    @POST
    @Path("/{id}/rotate-secret")
    public Uni<RotatedSecret> rotate(@PathParam("id") UUID id, Rotation request) {
        Duration overlap = request == null || request.overlapSeconds() == null ? null : Duration.ofSeconds(request.overlapSeconds());
        return service.rotate(vendor.id(), id, overlap).map(s -> new RotatedSecret(s.id, s.secret, s.previousSecretExpiresAt));
    }

    /** Sends a {@code webhook.test} event to this subscription now: 202 with the delivery to follow in its log. */
    @Operation(summary = "Sends a webhook.test event to this subscription now")
    @APIResponse(responseCode = "202", description = "With the delivery to follow in its log")
    @POST
    @Path("/{id}/test")
    public Uni<Response> test(@PathParam("id") UUID id) {
        return service.sendTest(vendor.id(), id).invoke(delivery -> dispatcher.wake())
                .map(delivery -> Response.accepted(Map.of("deliveryId", delivery,
                        "links", Map.of("delivery", SubscriptionService.link(id) + "/deliveries/" + delivery))).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(vendor.id(), id).map(ignored -> Response.noContent().build());
    }
}
