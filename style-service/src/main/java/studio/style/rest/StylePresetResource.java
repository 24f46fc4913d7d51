package studio.style.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

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

    public record StyleView(UUID id, String name, String description, String basePromptSuffix, Map<String, Object> parameters,
            List<String> exampleImages, boolean isPublic, Instant createdAt) {

        static StyleView of(StylePreset s) {
            return new StyleView(s.id, s.name, s.description, s.basePromptSuffix, s.parameters, s.exampleImages, s.isPublic,
                    s.createdAt);
        }
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
