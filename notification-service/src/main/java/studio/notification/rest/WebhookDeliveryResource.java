package studio.notification.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.notification.delivery.DeliveryDispatcher;
import studio.notification.delivery.DeliveryStore;

/**
 * {@code /api/vendor/media/webhooks/{id}/deliveries}: the delivery log of one of the vendor's
 * subscriptions (each delivery's status and attempts, with status code, latency and error), and
 * replaying a delivery.
 */
@Path("/api/vendor/media/webhooks/{id}/deliveries")
public class WebhookDeliveryResource {

    private final DeliveryStore store;
    private final DeliveryDispatcher dispatcher;
    private final CurrentVendor vendor;

    public WebhookDeliveryResource(DeliveryStore store, DeliveryDispatcher dispatcher, CurrentVendor vendor) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.vendor = vendor;
    }

    /** Newest first; {@code ?status=pending|succeeded|failed} filters. 404 for a subscription that is not the caller's. */
    @Operation(summary = "A subscription's deliveries, newest first; ?status=pending|succeeded|failed filters")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "For a subscription that is not the caller's")
    @GET
    public Uni<Page<DeliveryStore.DeliveryView>> list(@PathParam("id") UUID id, @QueryParam("status") String status,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest request = PageRequest.of(page, size);
        return store.subscriptionExists(vendor.id(), id).chain(() -> store.list(vendor.id(), id, status, request));
    }

    /** One delivery with its payload and every attempt. */
    @Operation(summary = "One delivery with its payload and every attempt")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/{deliveryId}")
    public Uni<DeliveryStore.DeliveryDetail> get(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return store.get(vendor.id(), id, deliveryId);
    }

    /** Sends the delivery again now (same {@code webhook-id} and payload), then on the retry schedule if it fails: 202. */
    @Operation(summary = "Sends the delivery again now (same webhook-id and payload), then on the retry schedule if it fails")
    @APIResponse(responseCode = "202", description = "Accepted")
    @POST
    @Path("/{deliveryId}/replay")
    public Uni<Response> replay(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return store.replay(vendor.id(), id, deliveryId).invoke(view -> dispatcher.wake())
                .map(view -> Response.accepted(view).build());
    }
}
