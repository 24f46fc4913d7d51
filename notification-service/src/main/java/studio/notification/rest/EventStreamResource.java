package studio.notification.rest;

import java.time.Duration;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import studio.common.tenancy.CurrentVendor;
import studio.notification.progress.ProgressHub;

/**
 * {@code GET /api/vendor/media/events}: live progress as Server-Sent Events, the caller's vendor
 * only (optionally one batch). Each event carries its id and type; a comment line every 15 s keeps
 * proxies from closing an idle stream.
 */
@Path("/api/vendor/media/events")
public class EventStreamResource {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ProgressHub hub;
    private final CurrentVendor vendor;

    public EventStreamResource(ProgressHub hub, CurrentVendor vendor) {
        this.hub = hub;
        this.vendor = vendor;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@QueryParam("batchId") UUID batchId, @Context Sse sse) {
        UUID vendorId = vendor.id();
        Multi<OutboundSseEvent> events = hub.stream(vendorId, batchId)
                .map(e -> sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().startingAfter(HEARTBEAT).every(HEARTBEAT)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats);
    }
}
