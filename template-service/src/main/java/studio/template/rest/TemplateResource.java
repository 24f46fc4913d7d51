package studio.template.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.common.api.Visible;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.storage.ImageLinks;
import studio.common.tenancy.Caller;
import studio.common.tenancy.CurrentVendor;
import studio.template.repository.PromptTemplate;
import studio.template.repository.PromptTemplateVersion;
import studio.template.service.TemplateRendering;
import studio.template.service.TemplateService;
import studio.template.service.TemplateVariable;
import studio.template.service.TemplateVariables;
import studio.template.service.TemplateUsage;

/** {@code /api/vendor/media/prompt-templates}: the vendor's template library and the public templates. */
@Path("/api/vendor/media/prompt-templates")
public class TemplateResource {

    /** The most rows one render call takes (a batch's limit). */
    public static final int MAX_RENDER_ROWS = 10_000;
    private static final String CATEGORY = "product|marketing|social|brand";
    private static final String CATEGORY_MESSAGE = "must be one of product, marketing, social, brand";
    private static final String SORT = "name|recent|usage|success";

    private final TemplateService service;
    private final TemplateRendering rendering;
    private final TemplateUsage usage;
    private final CurrentVendor vendor;
    private final ImageLinks links;

    public TemplateResource(TemplateService service, TemplateRendering rendering, TemplateUsage usage, CurrentVendor vendor, ImageLinks links) {
        this.rendering = rendering;
        this.links = links;
        this.service = service;
        this.usage = usage;
        this.vendor = vendor;
    }

    public record VariableInput(@NotBlank @Size(max = 64) String name, @Size(max = 500) String description,
            @Size(max = 1000) String defaultValue, Boolean required) {

        TemplateVariable toVariable() {
            return new TemplateVariable(name, description, defaultValue, required);
        }
    }

    /** The body of POST and PUT. */
    public record TemplateInput(
            @NotBlank @Visible @Size(max = 255) String name,
            @Size(max = 2000) String description,
            @NotBlank @Size(max = 32000) String promptText,
            @Pattern(regexp = CATEGORY, message = CATEGORY_MESSAGE) String category,
            @Size(max = 50) String style,
            Map<String, Object> parameters,
            @Size(max = 50) List<@Valid @NotNull VariableInput> variables,
            Boolean isPublic) {

        TemplateService.TemplateDraft toDraft() {
            return new TemplateService.TemplateDraft(name, description, promptText, category, style, parameters,
                    variables == null ? List.of() : variables.stream().map(VariableInput::toVariable).toList(),
                    Boolean.TRUE.equals(isPublic));
        }
    }

    /**
     * A template. {@code imagesAttempted} and {@code successRate} (null before any image) are the
     * seed's usage tracking; {@code latestImageUrl}, in lists only, a thumbnail of the caller's newest
     * image from it.
     */
    public record TemplateView(UUID id, String name, String description, String promptText, String category, String style,
            Map<String, Object> parameters, List<TemplateVariable> variables, boolean isPublic, int version, UUID forkedFrom,
            int usageCount, int imagesAttempted, int imagesSucceeded, Double successRate, String latestImageUrl,
            Instant createdAt, Instant updatedAt) {

        static TemplateView of(PromptTemplate t) {
            return of(t, null);
        }

        static TemplateView of(PromptTemplate t, String latestImageUrl) {
            return new TemplateView(t.id, t.name, t.description, t.promptText, t.category, t.style, t.parameters,
                    TemplateVariables.list(t.variables),
                    t.isPublic, t.currentVersion, t.forkedFrom, t.usageCount, t.imagesAttempted, t.imagesSucceeded,
                    t.imagesAttempted == 0 ? null : (double) t.imagesSucceeded / t.imagesAttempted, latestImageUrl,
                    t.createdAt, t.updatedAt);
        }
    }

    /** A page of templates with each one's newest image of the caller's. */
    private Uni<Page<TemplateView>> withImages(UUID vendorId, Page<PromptTemplate> page) {
        return service.latestImages(vendorId, page.items()).map(images -> page.map(t -> TemplateView.of(t, thumbnail(images.get(t.id)))));
    }

    /** The thumbnail beside an image: the worker stores {@code thumbnails/...} under the image's own name. */
    private String thumbnail(String imageKey) {
        return imageKey == null ? null : links.link(imageKey.startsWith("images/") ? "thumbnails/" + imageKey.substring(7) : imageKey);
    }

    public record VersionView(UUID templateId, int version, String name, String description, String promptText, String category,
            String style, Map<String, Object> parameters, List<TemplateVariable> variables, Instant createdAt) {

        static VersionView of(PromptTemplateVersion v) {
            return new VersionView(v.templateId, v.version, v.name, v.description, v.promptText, v.category, v.style,
                    v.parameters, TemplateVariables.list(v.variables), v.createdAt);
        }
    }

    /** Rows to render: each maps variable names to values. */
    public record RenderRequest(@NotNull @Size(min = 1, max = MAX_RENDER_ROWS) List<@NotNull Map<String, String>> rows) {
    }

    /** Unsaved text for the editor's live preview, with sample values and the target model. */
    public record PreviewRequest(@NotBlank @Size(max = 32000) String promptText, @Size(max = 50) List<@Valid @NotNull VariableInput> variables,
            Map<String, String> sample, String model) {
    }

    /** The vendor's own templates: filter by category, style and free text; sort by name, recent, usage or success. */
    @Operation(summary = "The vendor's own templates: filter by category, style and free text; sort by name, recent, usage or success")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    public Uni<Page<TemplateView>> list(@QueryParam("category") @Pattern(regexp = CATEGORY, message = CATEGORY_MESSAGE) String category,
            @QueryParam("style") String style, @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("sort") @Pattern(regexp = SORT, message = "must be one of name, recent, usage, success") String sort,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        UUID vendorId = vendor.id();
        return service.list(vendorId, new TemplateService.Filter(category, style, q, sort), PageRequest.of(page, size))
                .chain(p -> withImages(vendorId, p));
    }

    /** The platform's public templates, readable by every vendor; same filters and sorts. */
    @Operation(summary = "The platform's public templates, readable by every vendor; same filters and sorts")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/public")
    public Uni<Page<TemplateView>> listPublic(@QueryParam("category") @Pattern(regexp = CATEGORY, message = CATEGORY_MESSAGE) String category,
            @QueryParam("style") String style, @QueryParam("q") @Size(max = 200) String q,
            @QueryParam("sort") @Pattern(regexp = SORT, message = "must be one of name, recent, usage, success") String sort,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        UUID vendorId = vendor.id();
        return service.listPublic(new TemplateService.Filter(category, style, q, sort), PageRequest.of(page, size))
                .chain(p -> withImages(vendorId, p));
    }

    @GET
    @Path("/{id}")
    public Uni<TemplateView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(TemplateView::of);
    }

    /** Creates a template (a public one needs the admin role): 201, or 400 naming every problem. */
    @Operation(summary = "Creates a template (a public one needs the admin role)")
    @APIResponse(responseCode = "400", description = "Naming every problem")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TemplateView.class)))
    @POST
    public Uni<Response> create(@Valid @NotNull TemplateInput request) {
        return service.create(caller(), request.toDraft()).map(TemplateResource::created);
    }

    /** Saves the template as a new version (the earlier ones stay); public templates need the admin role. */
    @Operation(summary = "Saves the template as a new version (the earlier ones stay); public templates need the admin role")
    @APIResponse(responseCode = "200", description = "OK")
    @PUT
    @Path("/{id}")
    public Uni<TemplateView> update(@PathParam("id") UUID id, @Valid @NotNull TemplateInput request) {
        return service.update(caller(), id, request.toDraft()).map(TemplateView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(caller(), id).map(ignored -> Response.noContent().build());
    }

    /** Copies a public (or own) template into the vendor's library. */
    @Operation(summary = "Copies a public (or own) template into the vendor's library")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TemplateView.class)))
    @POST
    @Path("/{id}/fork")
    public Uni<Response> fork(@PathParam("id") UUID id) {
        return service.fork(caller(), id).map(TemplateResource::created);
    }

    @GET
    @Path("/{id}/versions")
    public Uni<List<VersionView>> versions(@PathParam("id") UUID id) {
        return service.versions(vendor.id(), id).map(list -> list.stream().map(VersionView::of).toList());
    }

    @GET
    @Path("/{id}/versions/{version}")
    public Uni<VersionView> version(@PathParam("id") UUID id, @PathParam("version") int version) {
        return service.version(vendor.id(), id, version).map(VersionView::of);
    }

    /** Bulk render with the current version, or {@code ?version=N}: per row the prompt, {@code missing} and {@code unknown} variables. */
    @Operation(summary = "Bulk render with the current version, or ?version=N: per row the prompt, missing and unknown variables")
    @APIResponse(responseCode = "200", description = "OK")
    @POST
    @Path("/{id}/render")
    public Uni<TemplateRendering.RenderReport> render(@PathParam("id") UUID id, @QueryParam("version") Integer version,
            @Valid @NotNull RenderRequest request) {
        return rendering.render(vendor.id(), id, version, request.rows());
    }

    /** Live preview for the editor: renders unsaved text with sample values and lists every problem. */
    @Operation(summary = "Live preview for the editor: renders unsaved text with sample values and lists every problem")
    @APIResponse(responseCode = "200", description = "OK")
    @POST
    @Path("/preview")
    public TemplateRendering.Preview preview(@Valid @NotNull PreviewRequest request) {
        vendor.id(); // a token without a vendor is refused (403) here too, as everywhere else
        return rendering.preview(request.promptText(),
                request.variables() == null ? List.of() : request.variables().stream().map(VariableInput::toVariable).toList(),
                request.sample(), request.model());
    }

    /** Usage: batches, images attempted, succeeded and failed, success rate and last use. */
    @Operation(summary = "Usage: batches, images attempted, succeeded and failed, success rate and last use")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/{id}/stats")
    public Uni<TemplateUsage.TemplateStats> stats(@PathParam("id") UUID id) {
        return usage.stats(vendor.id(), id);
    }

    private Caller caller() {
        return vendor.caller();
    }

    private static Response created(PromptTemplate t) {
        return Response.created(URI.create("/api/vendor/media/prompt-templates/" + t.id)).entity(TemplateView.of(t)).build();
    }
}
