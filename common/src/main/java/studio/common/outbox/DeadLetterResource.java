package studio.common.outbox;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.common.annotation.Blocking;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/**
 * The operators' command for a service's outbox dead letters (admin role), under the service's own
 * name so that the gateway routes it: {@code GET /api/vendor/media/admin/dead-letters/<service>}
 * lists them (how many, the newest 50 with topic, type, key, size and Kafka's reason) and
 * {@code POST .../<service>/{id}/replay} sends one again through the outbox once its cause is mended
 * (a broker's size limit raised, a topic made).
 */
@Path("/api/vendor/media/admin/dead-letters/{service}")
@Blocking
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final CurrentVendor caller;
    private final String service;

    public DeadLetterResource(DeadLetters deadLetters, CurrentVendor caller, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.deadLetters = deadLetters;
        this.caller = caller;
        this.service = service;
    }

    /** {@code count} kept in all; {@code newest} the 50 newest. */
    public record DeadLetterListing(String service, long count, List<DeadLetters.Kept> newest) {
    }

    @GET
    @Operation(summary = "Admin only: this service's outbox events Kafka refused for good, how many and the newest 50")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @APIResponse(responseCode = "404", description = "For another service's name")
    public DeadLetterListing list(@PathParam("service") String name) {
        check(name);
        var newest = deadLetters.newest(50);
        return new DeadLetterListing(service, newest.getKey(), newest.getValue());
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Admin only: sends a dead-lettered event again through the outbox (with its event id)")
    @APIResponse(responseCode = "202", description = "Back in the outbox; the relay sends it")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @APIResponse(responseCode = "404", description = "No such dead letter, or another service's name")
    public Response replay(@PathParam("service") String name, @PathParam("id") UUID id) {
        check(name);
        if (!deadLetters.replay(id, service)) {
            throw ProblemException.notFound("Dead letter", id);
        }
        return Response.accepted().build();
    }

    private void check(String name) {
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("admin-only", "The dead letters are for the platform's operators (the admin role).");
        }
        if (!service.equals(name)) {
            throw ProblemException.notFound("Service", name);
        }
    }
}
