package studio.notification.rest;

import java.time.Duration;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.smallrye.mutiny.Multi;
import studio.common.tenancy.CurrentVendor;
import studio.notification.config.EventsConfig;
import studio.notification.progress.ProgressHub;

/**
 * {@code GET /api/vendor/media/events}: live progress as Server-Sent Events, the caller's vendor
 * only (optionally one batch): batch and item events, each with its id and type. A client that
 * reconnects with {@code Last-Event-ID} (browsers' EventSource does so by itself; or
 * {@code ?lastEventId=}) first gets what it missed. A comment line every
 * {@code studio.events.heartbeat} keeps proxies from closing an idle stream. A vendor may have
 * {@code studio.events.max-streams-per-vendor} open at once ({@link StreamLimit}).
 */
@Path("/api/vendor/media/events")
public class EventStreamResource {

    private final ProgressHub hub;
    private final CurrentVendor vendor;
    private final Duration heartbeat;

    private final studio.notification.progress.OpenStreams streams;
    private final StreamLimit.Opened opened;

    public EventStreamResource(ProgressHub hub, CurrentVendor vendor, EventsConfig config, studio.notification.progress.OpenStreams streams,
            StreamLimit.Opened opened) {
        this.streams = streams;
        this.opened = opened;
        this.hub = hub;
        this.vendor = vendor;
        this.heartbeat = config.heartbeat();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@QueryParam("batchId") UUID batchId, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("lastEventId") String lastEventIdParameter, @Context Sse sse) {
        UUID vendorId = vendor.id();
        Multi<OutboundSseEvent> events = hub.stream(vendorId, batchId, lastEventId != null ? lastEventId : lastEventIdParameter)
                .map(e -> sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().startingAfter(heartbeat).every(heartbeat)
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        // a first comment at once: the client learns the stream is open (its headers flushed) without waiting for an event
        Multi<OutboundSseEvent> opened = Multi.createFrom().item(() -> sse.newEventBuilder().comment("connected").build());
        // counted from its opening (StreamLimit) to its end, however it ends
        UUID streamId = this.opened.id;
        return Multi.createBy().concatenating().streams(opened, Multi.createBy().merging().streams(events, heartbeats))
                .onTermination().invoke(() -> streams.close(streamId));
    }
}
