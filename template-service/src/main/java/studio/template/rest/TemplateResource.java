package studio.template.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.template.repository.PromptTemplate;
import studio.template.service.TemplateService;

/** {@code /api/vendor/media/prompt-templates}: the vendor's template library. */
@Path("/api/vendor/media/prompt-templates")
public class TemplateResource {

    /** The most rows one render call takes (a batch's limit). */
    public static final int MAX_RENDER_ROWS = 10_000;

    private final TemplateService service;
    private final CurrentVendor vendor;

    public TemplateResource(TemplateService service, CurrentVendor vendor) {
        this.service = service;
        this.vendor = vendor;
    }

    public record CreateTemplate(
            @NotBlank @Size(max = 255) String name,
            @Size(max = 2000) String description,
            @NotBlank @Size(max = 32000) String promptText,
            @Pattern(regexp = "product|marketing|social|brand", message = "must be one of product, marketing, social, brand") String category,
            @Size(max = 50) String style,
            Map<String, Object> parameters) {
    }

    public record TemplateView(UUID id, String name, String description, String promptText, String category, String style,
            Map<String, Object> parameters, boolean isPublic, int usageCount, Instant createdAt, Instant updatedAt) {

        static TemplateView of(PromptTemplate t) {
            return new TemplateView(t.id, t.name, t.description, t.promptText, t.category, t.style, t.parameters,
                    t.isPublic, t.usageCount, t.createdAt, t.updatedAt);
        }
    }

    @GET
    public Uni<Page<TemplateView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(TemplateView::of));
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(TemplateView::of);
    }

    /** Rows to render: each maps variable names to values. */
    public record RenderRequest(@NotNull @Size(min = 1, max = MAX_RENDER_ROWS) List<@NotNull Map<String, String>> rows) {
    }

    /** Bulk render: every row's prompt, and per row the variables it lacks ({@code missing}) or has in excess ({@code unknown}). */
    @POST
    @Path("/{id}/render")
    public Uni<TemplateService.RenderReport> render(@PathParam("id") UUID id, @Valid @NotNull RenderRequest request) {
        return service.render(vendor.id(), id, request.rows());
    }

    @POST
    public Uni<Response> create(@Valid @NotNull CreateTemplate request) {
        var draft = new TemplateService.TemplateDraft(request.name(), request.description(), request.promptText(),
                request.category(), request.style(), request.parameters());
        return service.create(vendor.id(), draft)
                .map(t -> Response.created(URI.create("/api/vendor/media/prompt-templates/" + t.id))
                        .entity(TemplateView.of(t)).build());
    }
}
