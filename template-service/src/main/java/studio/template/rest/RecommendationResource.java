package studio.template.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.common.tenancy.CurrentVendor;
import studio.template.intelligence.Recommendations;

/**
 * {@code GET /api/vendor/media/recommendations?category=flower[&limit=5]}: the templates and styles
 * that have worked best for a product category, with their figures and the reason in words.
 */
@Path("/api/vendor/media/recommendations")
public class RecommendationResource {

    private final Recommendations recommendations;
    private final CurrentVendor vendor;

    public RecommendationResource(Recommendations recommendations, CurrentVendor vendor) {
        this.recommendations = recommendations;
        this.vendor = vendor;
    }

    /** 200; 400 for an unknown category or a limit outside 1 to 50. */
    @Operation(summary = "The templates and styles that have worked best for a product category")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For an unknown category or a limit outside 1 to 50")
    @GET
    public Uni<Recommendations.Picks> get(@QueryParam("category") String category, @QueryParam("limit") @DefaultValue("5") int limit) {
        return recommendations.forCategory(vendor.id(), category, limit);
    }
}
