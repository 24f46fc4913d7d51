package studio.batch.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationBatch;
import studio.batch.service.BatchService;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/generate/batch}: the vendor's batches. */
@Path("/api/vendor/media/generate/batch")
public class BatchResource {

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

    @GET
    public Uni<Page<BatchView>> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return service.list(vendor.id(), PageRequest.of(page, size)).map(p -> p.map(BatchView::of));
    }
}
