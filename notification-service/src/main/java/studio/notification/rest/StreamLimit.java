package studio.notification.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import studio.common.error.Problem;
import studio.common.tenancy.CurrentVendor;
import studio.notification.progress.OpenStreams;

/**
 * A vendor's live streams are counted across replicas ({@link OpenStreams}): one past
 * {@code studio.events.max-streams-per-vendor} is a 429 problem+json before anything streams.
 */
public class StreamLimit {

    static final String PATH = "/api/vendor/media/events";

    /** The stream this request opened, for its resource to close when it ends. */
    @RequestScoped
    public static class Opened {
        UUID id;
    }

    private final OpenStreams streams;
    private final CurrentVendor vendor;
    private final Opened opened;

    public StreamLimit(OpenStreams streams, CurrentVendor vendor, Opened opened) {
        this.streams = streams;
        this.vendor = vendor;
        this.opened = opened;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!"GET".equals(request.getMethod()) || !PATH.equals(request.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem();
        }
        UUID vendorId;
        try {
            vendorId = vendor.id();
        } catch (RuntimeException noVendor) {
            // the resource answers it (403)
            return Uni.createFrom().nullItem();
        }
        AtomicReference<OpenStreams.Refused> refused = new AtomicReference<>();
        return streams.open(vendorId, refused::set).map(id -> {
            OpenStreams.Refused no = refused.get();
            if (no == null) {
                opened.id = id;
                return null;
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("maxStreams", no.limit());
            figures.put("openStreams", no.open());
            Problem problem = new Problem(Problem.type("stream-limit"), "Too many open streams", 429, "You have " + no.open()
                    + " live streams open; at most " + no.limit() + " are allowed at once. Close one (a browser tab of the studio holds one)"
                    + " and open this one again.", PATH, null, figures);
            return Response.status(429).type("application/problem+json").entity(problem).build();
        });
    }
}
