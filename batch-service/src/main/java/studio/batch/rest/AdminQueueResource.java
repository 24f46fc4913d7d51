package studio.batch.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.batch.service.PlatformQueue;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/admin/queue}: the fair queue across every vendor, for the platform's operators (admin role). */
@Path("/api/vendor/media/admin/queue")
public class AdminQueueResource {

    private final PlatformQueue queue;
    private final CurrentVendor vendor;

    public AdminQueueResource(PlatformQueue queue, CurrentVendor vendor) {
        this.queue = queue;
        this.vendor = vendor;
    }

    @Operation(summary = "Each lane's depth across every vendor (waiting, in the fleet, vendors with work, pace) and the largest"
            + " backlogs with their weights and shares (admin)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @GET
    public Uni<PlatformQueue.PlatformFigures> get() {
        if (!vendor.isAdmin()) {
            throw ProblemException.forbidden("admin-only", "Only an admin may see every vendor's queue.");
        }
        return queue.figures();
    }
}
