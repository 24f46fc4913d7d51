package studio.style.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
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

    /** The public built-ins and the vendor's own styles. */
    @GET
    public Uni<Page<StyleView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.listUsable(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(StyleView::of));
    }
}
