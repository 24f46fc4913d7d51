package studio.template.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.template.service.Marketplace;

/**
 * {@code /api/vendor/media/marketplace}: templates vendors share. Authors list and unlist their own;
 * admins hide; everybody browses, installs (a fork), rates and reviews; a leaderboard and the
 * author's figures.
 */
@Path("/api/vendor/media/marketplace")
public class MarketplaceResource {

    private final Marketplace marketplace;
    private final CurrentVendor vendor;

    public MarketplaceResource(Marketplace marketplace, CurrentVendor vendor) {
        this.marketplace = marketplace;
        this.vendor = vendor;
    }

    public record Publish(@NotNull UUID templateId) {
    }

    public record ReviewInput(@NotNull @Min(1) @Max(5) Integer rating, @Size(max = 2000) String review) {
    }

    public record Hide(@Size(max = 500) String reason) {
    }

    /** Lists one of the caller's templates: 201 with the listing (200 if it was listed already); 404; 409 when an admin hid it. */
    @Operation(summary = "Lists one of the caller's templates")
    @APIResponse(responseCode = "201", description = "With the listing")
    @APIResponse(responseCode = "200", description = "With the listing, if it was listed already")
    @APIResponse(responseCode = "404", description = "Not found")
    @APIResponse(responseCode = "409", description = "When an admin hid it")
    @POST
    @Path("/templates")
    public Uni<Response> publish(@Valid @NotNull Publish request) {
        return marketplace.publish(vendor.caller(), request.templateId())
                .chain(t -> marketplace.get(vendor.caller(), t.id))
                .map(listing -> Response.created(URI.create("/api/vendor/media/marketplace/templates/" + listing.id())).entity(listing).build());
    }

    /** Browse: {@code q} searches name, description and prompt; {@code category}; {@code sort} popular (default), rating, newest, installs, usage. */
    @Operation(summary = "Browse: q searches name, description and prompt; category; sort popular (default), rating, newest, installs, usage")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/templates")
    public Uni<Page<Marketplace.Listing>> browse(@QueryParam("q") String q, @QueryParam("category") String category,
            @QueryParam("sort") String sort, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return marketplace.browse(q, category, sort, PageRequest.of(page, size));
    }

    @GET
    @Path("/templates/{id}")
    public Uni<Marketplace.Listing> get(@PathParam("id") UUID id) {
        return marketplace.get(vendor.caller(), id);
    }

    /** The author takes its template out of the marketplace: 204. */
    @Operation(summary = "The author takes its template out of the marketplace")
    @APIResponse(responseCode = "204", description = "No content")
    @DELETE
    @Path("/templates/{id}")
    public Uni<Response> unpublish(@PathParam("id") UUID id) {
        return marketplace.unpublish(vendor.caller(), id).map(ignored -> Response.noContent().build());
    }

    /** Installs the template into the caller's library (a fork): 201 with the new template; 409 for one's own. */
    @Operation(summary = "Installs the template into the caller's library (a fork)")
    @APIResponse(responseCode = "201", description = "With the new template")
    @APIResponse(responseCode = "409", description = "For one's own")
    @POST
    @Path("/templates/{id}/install")
    public Uni<Response> install(@PathParam("id") UUID id) {
        return marketplace.install(vendor.caller(), id)
                .map(fork -> Response.created(URI.create("/api/vendor/media/prompt-templates/" + fork.id)).entity(TemplateResource.TemplateView.of(fork))
                        .build());
    }

    /** Rates (1 to 5) and reviews, or edits the caller's review: 204; 403 for one's own template. */
    @Operation(summary = "Rates (1 to 5) and reviews, or edits the caller's review")
    @APIResponse(responseCode = "204", description = "No content")
    @APIResponse(responseCode = "403", description = "For one's own template")
    @PUT
    @Path("/templates/{id}/review")
    public Uni<Response> review(@PathParam("id") UUID id, @Valid @NotNull ReviewInput request) {
        return marketplace.review(vendor.caller(), id, request.rating(), request.review()).map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("/templates/{id}/review")
    public Uni<Response> deleteReview(@PathParam("id") UUID id) {
        return marketplace.deleteReview(vendor.caller(), id).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/templates/{id}/reviews")
    public Uni<Page<Marketplace.Review>> reviews(@PathParam("id") UUID id, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return marketplace.reviews(vendor.caller(), id, PageRequest.of(page, size));
    }

    /** Admin only: hides a template from the marketplace (its author still sees it, with the reason). */
    @Operation(summary = "Admin only: hides a template from the marketplace (its author still sees it, with the reason)")
    @POST
    @Path("/templates/{id}/hide")
    public Uni<Response> hide(@PathParam("id") UUID id, Hide request) {
        return marketplace.hide(vendor.caller(), id, true, request == null ? null : request.reason())
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/templates/{id}/unhide")
    public Uni<Response> unhide(@PathParam("id") UUID id) {
        return marketplace.hide(vendor.caller(), id, false, null).map(ignored -> Response.noContent().build());
    }

    /** {@code period} week (default) or all; {@code by} installs (default), usage or rating; {@code limit} up to 100. */
    @Operation(summary = "The leaderboard: period week (default) or all; by installs (default), usage or rating; limit up to 100")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/leaderboard")
    public Uni<List<Marketplace.Listing>> leaderboard(@QueryParam("period") @DefaultValue("week") String period,
            @QueryParam("by") @DefaultValue("installs") String by, @QueryParam("limit") @DefaultValue("10") int limit) {
        return marketplace.leaderboard(period, by, limit);
    }

    /** The caller's published templates with their figures. */
    @Operation(summary = "The caller's published templates with their figures")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/mine")
    public Uni<List<Marketplace.Listing>> mine() {
        return marketplace.mine(vendor.caller());
    }
}
