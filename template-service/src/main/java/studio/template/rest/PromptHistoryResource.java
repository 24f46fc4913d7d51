package studio.template.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.tenancy.CurrentVendor;
import studio.template.repository.PromptHistoryEntry;
import studio.template.service.PromptHistory;

/** {@code /api/vendor/media/prompt-history}: every prompt the vendor generated, and "generate similar". */
@Path("/api/vendor/media/prompt-history")
public class PromptHistoryResource {

    private final PromptHistory history;
    private final CurrentVendor vendor;

    public PromptHistoryResource(PromptHistory history, CurrentVendor vendor) {
        this.history = history;
        this.vendor = vendor;
    }

    public record HistoryView(UUID itemId, UUID batchId, UUID templateId, Integer templateVersion, String prompt, String model,
            Map<String, Object> parameters, int attempts, String status, String errorCode, String imageKey, Instant createdAt,
            Instant finishedAt) {

        static HistoryView of(PromptHistoryEntry e) {
            return new HistoryView(e.itemId, e.batchId, e.templateId, e.templateVersion, e.prompt, e.model, e.parameters,
                    e.attempts, e.status, e.errorCode, e.imageKey, e.createdAt, e.finishedAt);
        }
    }

    /** Newest first; filter by text in the prompt, template and outcome. */
    @Operation(summary = "The vendor's prompt history, newest first; filter by text in the prompt, template and outcome")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    public Uni<Page<HistoryView>> search(@QueryParam("q") @Size(max = 200) String q, @QueryParam("templateId") UUID templateId,
            @QueryParam("status") @Pattern(regexp = "pending|completed|failed", message = "must be one of pending, completed, failed") String status,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return history.search(vendor.id(), q, templateId, status, PageRequest.of(page, size)).map(p -> p.map(HistoryView::of));
    }

    /** A ready request for {@code POST /api/vendor/media/generate} built from one entry. */
    @Operation(summary = "A ready request for POST /api/vendor/media/generate built from one entry")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/{itemId}/similar")
    public Uni<PromptHistory.SimilarRequest> similar(@PathParam("itemId") UUID itemId) {
        return history.similar(vendor.id(), itemId);
    }
}
