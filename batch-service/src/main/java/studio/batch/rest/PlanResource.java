package studio.batch.rest;

import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.batch.queue.Plans;
import studio.batch.service.VendorPlans;
import studio.common.events.VendorEvent;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/**
 * A vendor's plan: its share of the fleet (weight) and its caps on images queued and batches running.
 * {@code GET /api/vendor/media/plan} is the caller's own; an admin reads and sets any vendor's under
 * {@code /api/vendor/media/admin/vendors/{vendorId}/plan}.
 */
@Path("/api/vendor/media")
public class PlanResource {

    private final VendorPlans plans;
    private final CurrentVendor vendor;

    public PlanResource(VendorPlans plans, CurrentVendor vendor) {
        this.plans = plans;
        this.vendor = vendor;
    }

    /**
     * A vendor's plan and the figures in force: {@code weight} (its share of the fleet against the
     * weights of the other vendors with work waiting), {@code maxQueuedItems} (images not yet ended),
     * {@code maxRunningBatches}, {@code requestRates} by scope where they differ from the services'
     * defaults; {@code overrides} what an admin set instead of the plan's (null: none).
     */
    public record PlanView(UUID vendorId, String plan, double weight, int maxQueuedItems, int maxRunningBatches,
            Map<String, VendorEvent.RequestRate> requestRates, Overrides overrides) {

        static PlanView of(VendorPlans.VendorPlan p) {
            Plans.Overrides o = p.overrides();
            return new PlanView(p.vendorId(), p.limits().plan(), p.limits().weight(), p.limits().maxQueuedItems(),
                    p.limits().maxRunningBatches(), p.limits().rates(),
                    new Overrides(o.plan(), o.weight(), o.maxQueuedItems(), o.maxRunningBatches(), o.requestsPerMinute(), o.burst()));
        }
    }

    /**
     * What an admin sets: a plan (null: the default plan) and any figure to use instead of the plan's
     * (null: the plan's); {@code requestsPerMinute} and {@code burst} are the vendor's request rate
     * across the API (the {@code api} scope) in every service.
     */
    public record Overrides(@Size(min = 1, max = 64) String plan, @DecimalMin(value = "0.01") @DecimalMax("1000") Double weight,
            @Min(1) @Max(10_000_000) Integer maxQueuedItems, @Min(1) @Max(100_000) Integer maxRunningBatches,
            @Min(1) @Max(1_000_000) Integer requestsPerMinute, @Min(0) @Max(100_000) Integer burst) {
    }

    @Operation(summary = "The caller's plan: its weight in the fair queue and its caps")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/plan")
    public Uni<PlanView> mine() {
        return plans.of(vendor.id()).map(PlanView::of);
    }

    @Operation(summary = "A vendor's plan (admin)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @GET
    @Path("/admin/vendors/{vendorId}/plan")
    public Uni<PlanView> get(@PathParam("vendorId") UUID vendorId) {
        requireAdmin();
        return plans.of(vendorId).map(PlanView::of);
    }

    @Operation(summary = "Sets a vendor's plan and overrides of its figures (admin); 400 for a plan not configured")
    @APIResponse(responseCode = "200", description = "The plan as it now stands")
    @APIResponse(responseCode = "400", description = "An unknown plan or a figure out of bounds")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @PUT
    @Path("/admin/vendors/{vendorId}/plan")
    public Uni<PlanView> set(@PathParam("vendorId") UUID vendorId, @Valid Overrides change) {
        requireAdmin();
        Overrides body = change == null ? new Overrides(null, null, null, null, null, null) : change;
        return plans.set(vendorId, new Plans.Overrides(body.plan(), body.weight(), body.maxQueuedItems(), body.maxRunningBatches(),
                body.requestsPerMinute(), body.burst())).map(PlanView::of);
    }

    private void requireAdmin() {
        if (!vendor.isAdmin()) {
            throw ProblemException.forbidden("admin-only", "Only an admin may read or set another vendor's plan.");
        }
    }
}
