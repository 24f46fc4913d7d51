package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.batch.service.BatchQueries;
import studio.batch.service.BatchService;
import studio.batch.service.Look;
import studio.batch.service.NewBatch;
import studio.common.events.Priority;
import studio.common.storage.ImageLinks;
import studio.common.tenancy.CurrentVendor;

/**
 * {@code /api/vendor/media/generate}: one image from a ready prompt, on the interactive lane by
 * default, answered at once with the id to follow. The body of template-service's "generate similar"
 * is such a request.
 */
@Path("/api/vendor/media/generate")
public class GenerateResource {

    private final BatchService service;
    private final BatchQueries queries;
    private final CurrentVendor vendor;
    private final ImageLinks links;

    public GenerateResource(BatchService service, BatchQueries queries, CurrentVendor vendor, ImageLinks links) {
        this.service = service;
        this.queries = queries;
        this.vendor = vendor;
        this.links = links;
    }

    /**
     * A single image: the prompt, optionally a style or mix and tuning (composed by style-service),
     * parameters ({@code model} may also stand at the top), and where it came from (a template, a
     * prompt history entry). The vendor's image for an identical earlier request is reused at no
     * cost unless {@code fresh} is true.
     */
    public record GenerateRequest(
            @NotBlank @Size(max = 32_000) String prompt,
            @Size(max = 100) String model,
            Map<String, Object> parameters,
            UUID styleId,
            List<BatchRequests.@NotNull MixPart> mix,
            Map<String, Object> tuning,
            UUID templateId,
            Integer templateVersion,
            UUID basedOn,
            Priority priority,
            Boolean fresh) {

        Map<String, Object> allParameters() {
            Map<String, Object> all = new HashMap<>(parameters == null ? Map.of() : parameters);
            if (model != null) {
                all.put("model", model);
            }
            return all;
        }
    }

    /**
     * 202 with the image to follow ({@code GET .../generate/{id}}) once it is stored and enqueued; 400
     * naming every problem (an empty or over-long prompt for the model, parameters, style or tuning);
     * {@code Idempotency-Key} as for batches.
     */
    @Operation(summary = "One image from a ready prompt, a batch of one on the interactive lane unless priority says otherwise")
    @APIResponse(responseCode = "400", description = "Naming every problem (an empty or over-long prompt for the model, parameters, style or tuning)")
    @APIResponse(responseCode = "202", description = "The image to follow and its Location, once it is stored and enqueued", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResource.ItemView.class)))
    @POST
    public Uni<Response> generate(@HeaderParam("Authorization") String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull GenerateRequest request) {
        Accepted.checkIdempotencyKey(idempotencyKey);
        var single = NewBatch.single(new NewBatch.Single(request.prompt(), request.templateId(), request.templateVersion(), request.basedOn()),
                new Look(request.styleId(), BatchRequests.mix(request.mix()), request.tuning(), request.allParameters()), request.priority(),
                Boolean.TRUE.equals(request.fresh()));
        return service.createSingle(vendor.id(), authorization, idempotencyKey, single)
                .map(created -> Accepted.accepted(BatchResource.ItemView.of(created.item(), links),
                        "/api/vendor/media/generate/" + created.item().id, created.replayed()));
    }

    /** {@code PUT .../generate/{id}/rating} body: 1 (poor) to 5 (excellent). */
    public record Rating(@NotNull @Min(1) @Max(5) Integer rating) {
    }

    /**
     * Rates one of the vendor's completed images (single or from a batch): 200 with the image; 400
     * outside 1 to 5; 409 before it has completed; 404. Rating again replaces the rating.
     */
    @Operation(summary = "Rates one of the vendor's completed images (single or from a batch)")
    @APIResponse(responseCode = "200", description = "With the image")
    @APIResponse(responseCode = "400", description = "Outside 1 to 5")
    @APIResponse(responseCode = "409", description = "Before it has completed")
    @APIResponse(responseCode = "404", description = "Not found")
    @PUT
    @Path("/{id}/rating")
    public Uni<BatchResource.ItemView> rate(@PathParam("id") UUID id, @Valid @NotNull Rating rating) {
        return queries.rate(vendor.id(), id, rating.rating()).map(item -> BatchResource.ItemView.of(item, links));
    }

    /** Takes an image's rating back: 200 with the image; 404. */
    @Operation(summary = "Takes an image's rating back")
    @APIResponse(responseCode = "200", description = "With the image")
    @APIResponse(responseCode = "404", description = "Not found")
    @DELETE
    @Path("/{id}/rating")
    public Uni<BatchResource.ItemView> unrate(@PathParam("id") UUID id) {
        return queries.rate(vendor.id(), id, null).map(item -> BatchResource.ItemView.of(item, links));
    }

    /** One of the vendor's images (single or from a batch): status, error, links once completed; 404 otherwise. */
    @Operation(summary = "One of the vendor's images (single or from a batch): status, error, links once completed")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "No such image of the vendor's")
    @GET
    @Path("/{id}")
    public Uni<BatchResource.ItemView> get(@PathParam("id") UUID id) {
        return queries.item(vendor.id(), id).map(item -> BatchResource.ItemView.of(item, links));
    }
}
