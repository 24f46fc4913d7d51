package studio.batch.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.batch.client.StyleClient;
import studio.batch.repository.GenerationBatch;
import studio.batch.service.BatchService;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/generate/batch}: the vendor's batches. */
@Path("/api/vendor/media/generate/batch")
public class BatchResource {

    /** The most rows one batch takes. */
    public static final int MAX_ROWS = 10_000;

    private final BatchService service;
    private final CurrentVendor vendor;

    public BatchResource(BatchService service, CurrentVendor vendor) {
        this.service = service;
        this.vendor = vendor;
    }

    public record BatchView(UUID id, String name, UUID templateId, String status, int totalImages, int completedImages,
            int failedImages, Map<String, Object> config, Instant createdAt, Instant completedAt) {

        static BatchView of(GenerationBatch b) {
            return new BatchView(b.id, b.name, b.templateId, b.status, b.totalImages, b.completedImages, b.failedImages,
                    b.config, b.createdAt, b.completedAt);
        }
    }

    /** One style of a mix and its weight in percent (style-service checks the mix). */
    public record MixPart(@NotNull UUID styleId, @NotNull Integer weight) {
    }

    /**
     * {@code POST} body; rows map the template's variable names to values. A style ({@code styleId})
     * or a {@code mix}, and {@code tuning}, apply to every row; style-service composes them.
     */
    public record CreateBatch(
            @Size(max = 255) String name,
            @NotNull UUID templateId,
            UUID styleId,
            List<@NotNull MixPart> mix,
            Map<String, Object> tuning,
            Map<String, Object> parameters,
            @Pattern(regexp = "urgent|normal|bulk", message = "must be one of urgent, normal, bulk") String priority,
            @NotNull @Size(min = 1, max = MAX_ROWS) List<@NotNull Map<String, String>> rows) {
    }

    /**
     * Starts a batch: 202 with its {@code Location} once the batch, its items and its jobs are stored;
     * 400 listing every problem (parameters, each row's missing or unknown variables) and nothing stored.
     */
    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, @Valid @NotNull CreateBatch request) {
        var mix = request.mix() == null ? null
                : request.mix().stream().map(p -> new StyleClient.MixPart(p.styleId(), p.weight())).toList();
        var batch = new BatchService.NewBatch(request.name(), request.templateId(), request.styleId(), mix, request.tuning(),
                request.parameters(), request.priority(), request.rows());
        return service.create(vendor.id(), authorization, batch)
                .map(b -> Response.accepted(BatchView.of(b)).location(URI.create("/api/vendor/media/generate/batch/" + b.id)).build());
    }

    /** Status and counters of one of the vendor's batches; another vendor's batch is 404. */
    @GET
    @Path("/{id}")
    public Uni<BatchView> get(@PathParam("id") UUID id) {
        return service.get(vendor.id(), id).map(BatchView::of);
    }

    @GET
    public Uni<Page<BatchView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(BatchView::of));
    }
}
