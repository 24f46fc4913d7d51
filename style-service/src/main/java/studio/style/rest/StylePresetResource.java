package studio.style.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.net.URI;
import java.time.Instant;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Visible;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.style.repository.StylePreset;
import studio.style.service.StyleGallery;
import studio.style.service.StyleComposition;
import studio.style.service.StyleService;
import studio.style.service.Tuning;

/** {@code /api/vendor/media/style-presets}: the styles a vendor can apply. */
@Path("/api/vendor/media/style-presets")
public class StylePresetResource {

    private final StyleService service;
    private final StyleComposition composition;
    private final StyleGallery gallery;
    private final CurrentVendor vendor;

    public StylePresetResource(StyleService service, StyleComposition composition, StyleGallery gallery, CurrentVendor vendor) {
        this.composition = composition;
        this.service = service;
        this.gallery = gallery;
        this.vendor = vendor;
    }

    /** A style of the gallery with its newest previews (links valid for {@code studio.storage.link-expiry}). */
    public record GalleryEntry(StyleView style, List<StyleGallery.Preview> previews) {
    }

    /** The styles the vendor may use (public first), each with its newest previews: 200. */
    @Operation(summary = "The styles the vendor may use (public first), each with its newest previews")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/gallery")
    public Uni<Page<GalleryEntry>> gallery(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return gallery.gallery(vendor.id(), PageRequest.of(page, size))
                .map(p -> p.map(e -> new GalleryEntry(StyleView.of(e.style()), e.previews())));
    }

    /**
     * Generates previews of a style through the normal pipeline: a batch of sample products with the
     * style, as the caller (its own style; a public one needs the admin role): 202 with the batch id.
     */
    @Operation(summary = "Generates previews of a style through the normal pipeline: a batch of sample products with the style, as the caller (its own style; a public one needs the admin role)")
    @APIResponse(responseCode = "202", description = "With the batch id")
    @POST
    @Path("/{id}/previews")
    public Uni<Response> requestPreviews(@HeaderParam("Authorization") String authorization, @PathParam("id") UUID id) {
        return gallery.requestPreviews(vendor.caller(), authorization, id)
                .map(r -> Response.accepted(r).location(URI.create("/api/vendor/media/generate/batch/" + r.batchId())).build());
    }

    /** Admin only: starts previews for every public style that has none: 202 with the batches; 403 otherwise. */
    @Operation(summary = "Admin only: starts previews for every public style that has none")
    @APIResponse(responseCode = "202", description = "With the batches")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @POST
    @Path("/previews")
    public Uni<Response> requestMissingPublicPreviews(@HeaderParam("Authorization") String authorization) {
        return gallery.requestMissingPublicPreviews(vendor.caller(), authorization).map(list -> Response.accepted(list).build());
    }

    /** Every preview of a style the vendor may use, newest first: 200; 404 for a style it cannot see. */
    @Operation(summary = "Every preview of a style the vendor may use, newest first")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "For a style it cannot see")
    @GET
    @Path("/{id}/previews")
    public Uni<List<StyleGallery.Preview>> previews(@PathParam("id") UUID id) {
        return gallery.previews(vendor.id(), id);
    }

    public record StyleView(UUID id, String name, String description, String basePromptSuffix, String negativePrompt,
            Map<String, Object> parameters, List<String> exampleImages, Object mix, boolean isPublic, Instant createdAt,
            Instant updatedAt) {

        static StyleView of(StylePreset s) {
            return new StyleView(s.id, s.name, s.description, s.basePromptSuffix, s.negativePrompt, s.parameters, s.exampleImages,
                    s.mix == null ? null : s.mix.get("components"), s.isPublic, s.createdAt, s.updatedAt);
        }
    }

    /** The body of POST and PUT. */
    public record StyleInput(@NotBlank @Visible @Size(max = 255) String name, @Size(max = 2000) String description,
            @NotBlank @Size(max = 1000) String basePromptSuffix, @Size(max = 1000) String negativePrompt,
            Map<String, Object> parameters, @Size(max = 10) List<@NotBlank @Size(max = 2048) String> exampleImages,
            Boolean isPublic) {

        StyleService.StyleDraft toDraft() {
            return new StyleService.StyleDraft(name, description, basePromptSuffix, negativePrompt, parameters, exampleImages,
                    Boolean.TRUE.equals(isPublic));
        }
    }

    /** Creates a custom style (a public one needs the admin role): 201; 400 naming every problem; 403. */
    @Operation(summary = "Creates a custom style (a public one needs the admin role)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Naming every problem")
    @APIResponse(responseCode = "403", description = "A public style without the admin role")
    @POST
    public Uni<Response> create(@Valid @NotNull StyleInput request) {
        return service.create(vendor.caller(), request.toDraft())
                .map(s -> Response.created(URI.create("/api/vendor/media/style-presets/" + s.id)).entity(StyleView.of(s)).build());
    }

    /** Changes the vendor's own style (public ones: admin only, else 403; another vendor's: 404). */
    @Operation(summary = "Changes the vendor's own style (public ones: admin only)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "A public style without the admin role")
    @APIResponse(responseCode = "404", description = "Another vendor's style")
    @PUT
    @Path("/{id}")
    public Uni<StyleView> update(@PathParam("id") UUID id, @Valid @NotNull StyleInput request) {
        return service.update(vendor.caller(), id, request.toDraft()).map(StyleView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(vendor.caller(), id).map(ignored -> Response.noContent().build());
    }

    /** The platform's public styles (the 8 built-ins and any an admin adds). */
    @Operation(summary = "The platform's public styles (the 8 built-ins and any an admin adds)")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/public")
    public Uni<Page<StyleView>> listPublic(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.listPublic(PageRequest.of(page, size)).map(p -> p.map(StyleView::of));
    }

    /** One style of a mix and its weight in percent; the weights of a mix add up to 100. */
    public record MixPartInput(@NotNull UUID styleId, @NotNull @Min(1) @Max(100) Integer weight) {

        StyleComposition.MixPart toPart() {
            return new StyleComposition.MixPart(styleId, weight);
        }
    }

    /** The body of {@code POST .../compose}: prompts and a style ({@code styleId}) or a {@code mix}, tuning, parameters. */
    public record ComposeRequest(
            @NotNull @Size(min = 1, max = 10_000) List<@NotNull @Size(max = 32_000) String> prompts,
            UUID styleId,
            List<@Valid @NotNull MixPartInput> mix,
            @Valid Tuning tuning,
            Map<String, Object> parameters) {
    }

    /** The body of {@code POST .../mixes}: a mix kept as a custom style. */
    public record MixInput(@NotBlank @Visible @Size(max = 255) String name, @Size(max = 2000) String description,
            @NotNull List<@Valid @NotNull MixPartInput> mix, @Size(max = 1000) String negativePrompt,
            Map<String, Object> parameters) {
    }

    @GET
    @Path("/{id}")
    public Uni<StyleView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(StyleView::of);
    }

    /**
     * Turns prompts, a style or a mix, and tuning into the exact provider request per prompt for the
     * target model ({@code parameters.model}, else the default), with a report of how each setting
     * was applied and the mix's conflicts. One call for a whole batch.
     */
    @Operation(summary = "Turns prompts, a style or a mix, and tuning into the exact provider request per prompt for the target model (parameters.model, else the default), with a report of how each setting was applied and the mix's conflicts")
    @APIResponse(responseCode = "200", description = "OK")
    @POST
    @Path("/compose")
    public Uni<StyleComposition.Composition> compose(@Valid @NotNull ComposeRequest request) {
        return composition.compose(vendor.id(), new StyleComposition.CompositionRequest(request.prompts(), request.styleId(),
                parts(request.mix()), request.tuning(), request.parameters()));
    }

    /** Saves a mix of 2 to 4 styles as a custom style of the vendor's: 201. */
    @Operation(summary = "Saves a mix of 2 to 4 styles as a custom style of the vendor's")
    @APIResponse(responseCode = "201", description = "Created")
    @POST
    @Path("/mixes")
    public Uni<Response> saveMix(@Valid @NotNull MixInput request) {
        return service.saveMix(vendor.caller(), new StyleService.MixDraft(request.name(), request.description(),
                parts(request.mix()), request.negativePrompt(), request.parameters()))
                .map(s -> Response.created(URI.create("/api/vendor/media/style-presets/" + s.id)).entity(StyleView.of(s)).build());
    }

    private static List<StyleComposition.MixPart> parts(List<MixPartInput> mix) {
        return mix == null ? null : mix.stream().map(MixPartInput::toPart).toList();
    }

    /** The public built-ins and the vendor's own styles. */
    @Operation(summary = "The public built-ins and the vendor's own styles")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    public Uni<Page<StyleView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.listUsable(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(StyleView::of));
    }
}
