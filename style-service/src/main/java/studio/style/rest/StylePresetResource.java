package studio.style.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.style.repository.StylePreset;
import studio.style.service.StyleService;

/** {@code /api/vendor/media/style-presets}: the styles a vendor can apply. */
@Path("/api/vendor/media/style-presets")
public class StylePresetResource {

    private final StyleService service;
    private final CurrentVendor vendor;

    public StylePresetResource(StyleService service, CurrentVendor vendor) {
        this.service = service;
        this.vendor = vendor;
    }

    public record StyleView(UUID id, String name, String description, String basePromptSuffix, String negativePrompt,
            Map<String, Object> parameters, List<String> exampleImages, boolean isPublic, Instant createdAt, Instant updatedAt) {

        static StyleView of(StylePreset s) {
            return new StyleView(s.id, s.name, s.description, s.basePromptSuffix, s.negativePrompt, s.parameters, s.exampleImages,
                    s.isPublic, s.createdAt, s.updatedAt);
        }
    }

    /** The body of POST and PUT. */
    public record StyleInput(@NotBlank @Size(max = 255) String name, @Size(max = 2000) String description,
            @NotBlank @Size(max = 1000) String basePromptSuffix, @Size(max = 1000) String negativePrompt,
            Map<String, Object> parameters, @Size(max = 10) List<@NotBlank @Size(max = 2048) String> exampleImages,
            Boolean isPublic) {

        StyleService.StyleDraft toDraft() {
            return new StyleService.StyleDraft(name, description, basePromptSuffix, negativePrompt, parameters, exampleImages,
                    Boolean.TRUE.equals(isPublic));
        }
    }

    /** Creates a custom style (a public one needs the admin role): 201; 400 naming every problem; 403. */
    @POST
    public Uni<Response> create(@Valid @NotNull StyleInput request) {
        return service.create(vendor.caller(), request.toDraft())
                .map(s -> Response.created(URI.create("/api/vendor/media/style-presets/" + s.id)).entity(StyleView.of(s)).build());
    }

    /** Changes the vendor's own style (public ones: admin only, else 403; another vendor's: 404). */
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
    @GET
    @Path("/public")
    public Uni<Page<StyleView>> listPublic(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.listPublic(PageRequest.of(page, size)).map(p -> p.map(StyleView::of));
    }

    public record ComposeRequest(@NotNull UUID styleId,
            @NotNull @Size(min = 1, max = 10_000) List<@NotNull @Size(max = 32_000) String> prompts) {
    }

    @GET
    @Path("/{id}")
    public Uni<StyleView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(StyleView::of);
    }

    /** Composes one style into many prompts in one call (batch-service renders a whole batch this way). */
    @POST
    @Path("/compose")
    public Uni<StyleService.Composition> compose(@Valid @NotNull ComposeRequest request) {
        return service.compose(vendor.id(), request.styleId(), request.prompts());
    }

    /** The public built-ins and the vendor's own styles. */
    @GET
    public Uni<Page<StyleView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.listUsable(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(StyleView::of));
    }
}
