package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.ItemStatus;
import studio.common.api.WireNames;
import studio.batch.repository.GenerationItem;
import studio.batch.service.Archives;
import studio.batch.service.BatchPreview;
import studio.batch.service.BatchQueries;
import studio.batch.service.CancelAndRetry;
import studio.batch.service.Estimates;
import studio.batch.service.Schedules;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.storage.ImageLinks;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/generate/batch}: the vendor's batches. */
@Path("/api/vendor/media/generate/batch")
public class BatchResource {

    /** The most rows one batch takes. */
    public static final int MAX_ROWS = 10_000;

    private final BatchRequests requests;
    private final BatchQueries queries;
    private final BatchPreview previews;
    private final CancelAndRetry actions;
    private final CurrentVendor vendor;
    private final ImageLinks links;
    private final Estimates estimates;
    private final Schedules schedules;
    private final Archives archives;

    public BatchResource(BatchRequests requests, BatchQueries queries, BatchPreview previews, CancelAndRetry actions, CurrentVendor vendor,
            ImageLinks links, Estimates estimates, Schedules schedules, Archives archives) {
        this.archives = archives;
        this.schedules = schedules;
        this.requests = requests;
        this.queries = queries;
        this.previews = previews;
        this.actions = actions;
        this.vendor = vendor;
        this.links = links;
        this.estimates = estimates;
    }

    /**
     * One image of a batch: {@code resultUrl} and {@code thumbnailUrl} are presigned links to the
     * stored PNGs (valid for {@code studio.storage.link-expiry}), present once the item completed;
     * {@code costUsd} is what its attempts have cost, {@code estimatedCostUsd} the estimate of one;
     * {@code cachedFrom} the earlier image it reuses (an identical request: no call, no cost) and
     * {@code savedUsd} what that saved; {@code rating} the vendor's 1 to 5; {@code releasedAt} when its job
     * left the fair queue for the workers (null while it waits its turn).
     */
    public record ItemView(UUID id, UUID batchId, int row, String prompt, ItemStatus status, int attempt, String resultUrl,
            String thumbnailUrl, String errorMessage, Map<String, Object> parameters, BigDecimal estimatedCostUsd, BigDecimal costUsd,
            UUID cachedFrom, BigDecimal savedUsd, Integer rating, Instant createdAt, Instant releasedAt, Instant processedAt) {

        static ItemView of(GenerationItem i, ImageLinks links) {
            return new ItemView(i.id, i.batchId, i.rowIndex, i.prompt, i.status, i.attempt, links.link(i.imageKey),
                    links.link(i.thumbnailKey), i.errorMessage, i.parameters, i.estimatedCostUsd, i.costUsd, i.cachedFrom, i.savedUsd,
                    i.rating, i.createdAt, i.releasedAt, i.processedAt);
        }
    }

    /**
     * Cancels one of the vendor's batches: 200 with the batch, {@code cancelled}, its items that had
     * not run counted in {@code cancelledImages}; again: 200 unchanged; 409 once it has ended; 404.
     */
    @Operation(summary = "Cancels one of the vendor's batches")
    @APIResponse(responseCode = "200", description = "With the batch, cancelled, its items that had not run counted in cancelledImages")
    @APIResponse(responseCode = "409", description = "Once it has ended")
    @APIResponse(responseCode = "404", description = "Not found")
    @DELETE
    @Path("/{id}")
    public Uni<BatchView> cancel(@PathParam("id") UUID id) {
        return view(actions.cancel(vendor.id(), id));
    }

    /** A retry's answer: the batch and how many failed items went back to the queue. */
    public record RetryView(BatchView batch, int retriedItems) {
    }

    /**
     * Re-enqueues the failed items of one of the vendor's batches as new attempts: 202; 409 for a
     * cancelled batch or one without failed items; 404.
     */
    @Operation(summary = "Re-enqueues the failed items of one of the vendor's batches as new attempts")
    @APIResponse(responseCode = "409", description = "For a cancelled batch or one without failed items")
    @APIResponse(responseCode = "404", description = "Not found")
    @APIResponse(responseCode = "202", description = "The batch with its failed items queued again", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetryView.class)))
    @POST
    @Path("/{id}/retry")
    public Uni<Response> retry(@PathParam("id") UUID id) {
        return actions.retry(vendor.id(), id).chain(r -> estimates.secondsLeft(List.of(r.batch()))
                .map(left -> Response.accepted(new RetryView(BatchView.of(r.batch(), left), r.items())).build()));
    }

    /** The items of one of the vendor's batches in row order; {@code ?status=} filters: 200; 400 for an unknown status; 404. */
    @Operation(summary = "The items of one of the vendor's batches in row order; ?status= filters")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For an unknown status")
    @APIResponse(responseCode = "404", description = "Not found")
    @GET
    @Path("/{id}/items")
    public Uni<Page<ItemView>> items(@PathParam("id") UUID id, @QueryParam("status") String status,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        ItemStatus wanted;
        try {
            wanted = WireNames.parse(ItemStatus.class, status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("Unknown item status.", List.of(Problem.FieldError.of("status", e.getMessage())));
        }
        return queries.items(vendor.id(), id, wanted, PageRequest.of(page, size)).map(p -> p.map(i -> ItemView.of(i, links)));
    }

    /** One item of one of the vendor's batches, with fresh image links: 200; 404. */
    @Operation(summary = "One item of one of the vendor's batches, with fresh image links")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "Not found")
    @GET
    @Path("/{id}/items/{itemId}")
    public Uni<ItemView> item(@PathParam("id") UUID id, @PathParam("itemId") UUID itemId) {
        return queries.item(vendor.id(), id, itemId).map(i -> ItemView.of(i, links));
    }

    /**
     * A batch: status and counters; {@code estimatedCostUsd} (the catalog's estimate of every item,
     * fixed at the start), {@code costUsd} (what its attempts have cost so far, failed ones included)
     * and {@code estimatedSecondsLeft} (0 once it has ended).
     */
    public record BatchView(UUID id, String name, UUID templateId, BatchStatus status, int totalImages, int completedImages,
            int failedImages, int cancelledImages, BigDecimal estimatedCostUsd, BigDecimal costUsd, long estimatedSecondsLeft,
            Map<String, Object> config, Instant createdAt, Instant scheduledFor, Instant completedAt) {

        /** The batch with its estimated seconds left, as {@link Estimates#secondsLeft} answers them. */
        static BatchView of(GenerationBatch b, Map<UUID, Long> secondsLeft) {
            return new BatchView(b.id, b.name, b.templateId, b.status, b.totalImages, b.completedImages, b.failedImages,
                    b.cancelledImages, b.estimatedCostUsd, b.costUsd == null ? BigDecimal.ZERO : b.costUsd,
                    secondsLeft.getOrDefault(b.id, 0L), b.config, b.createdAt, b.scheduledFor, b.completedAt);
        }
    }

    private Uni<BatchView> view(Uni<GenerationBatch> batch) {
        return batch.chain(b -> estimates.secondsLeft(List.of(b)).map(left -> BatchView.of(b, left)));
    }

    /** {@code PUT .../batch/{id}/schedule} body: a new time, or {@code "schedule": "off-peak"}. */
    public record Reschedule(Instant scheduledFor, String schedule) {
    }

    /**
     * Moves a scheduled batch: 200 with the batch (announced again as {@code batch.scheduled}); 400
     * for a time in the past or none; 409 once it was released, cancelled or has ended; 404.
     */
    @Operation(summary = "Moves a scheduled batch")
    @APIResponse(responseCode = "200", description = "With the batch (announced again as batch.scheduled)")
    @APIResponse(responseCode = "400", description = "For a time in the past or none")
    @APIResponse(responseCode = "409", description = "Once it was released, cancelled or has ended")
    @APIResponse(responseCode = "404", description = "Not found")
    @PUT
    @Path("/{id}/schedule")
    public Uni<BatchView> reschedule(@PathParam("id") UUID id, @NotNull Reschedule request) {
        Schedules.Schedule schedule = BatchRequests.schedule(request.scheduledFor(), request.schedule());
        if (schedule == null) {
            throw ProblemException.invalid("Say when the batch should run.", List.of(Problem.FieldError.of("scheduledFor",
                    "a time, or \"schedule\": \"off-peak\"; to run it now, send the current time")));
        }
        return view(schedules.reschedule(vendor.id(), id, schedule));
    }

    /**
     * Starts a batch: 202 with its {@code Location} once the batch, its items and its jobs are stored;
     * 400 listing every problem (parameters, each row's missing or unknown variables, each product's
     * missing ones) and nothing stored; 422 when its estimate exceeds the vendor's monthly budget.
     * With an {@code Idempotency-Key} used before for the same request: 202 with that batch and
     * {@code Idempotent-Replayed: true}; used before for another request: 422.
     */
    @Operation(summary = "Starts a batch")
    @APIResponse(responseCode = "400", description = "Listing every problem (parameters, each row's missing or unknown variables, each product's missing ones) and nothing stored")
    @APIResponse(responseCode = "422", description = "When its estimate exceeds the vendor's monthly budget")
    @APIResponse(responseCode = "202", description = "The batch, stored with its items and jobs, and its Location (with Idempotent-Replayed: true when an earlier request with the same Idempotency-Key made it)", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchView.class)))
    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull BatchRequests.CreateBatch request) {
        return requests.create(authorization, idempotencyKey, request);
    }

    /** How many rendered prompts a preview shows. */
    private static final int PREVIEW_PROMPTS = 5;

    /**
     * What this batch would be, without creating it (the batch screen shows it before Start): rows,
     * the first prompts as they will be sent, every problem, the estimated cost and time, and the
     * vendor's budget: 200; 400 for a request that names no rows at all.
     */
    @Operation(summary = "What this batch would be, without creating it (the batch screen shows it before Start): rows, the first prompts as they will be sent, every problem, the estimated cost and time, and the vendor's budget")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For a request that names no rows at all")
    @POST
    @Path("/preview")
    public Uni<BatchPreview.Preview> preview(@HeaderParam("Authorization") String authorization, @Valid @NotNull BatchRequests.CreateBatch request) {
        UUID vendorId = vendor.id();
        return requests.newBatch(vendorId, request).chain(b -> previews.preview(vendorId, authorization, b, PREVIEW_PROMPTS));
    }

    /** A download link for the batch's archive: open {@code url} (no token needed) before {@code expiresAt}. */
    public record ArchiveLink(String url, Instant expiresAt) {
    }

    /**
     * Signs a link to a ZIP of the batch's completed images under their smart names (Download all):
     * 200; 404 for another vendor's batch.
     */
    @Operation(summary = "Signs a link to a ZIP of the batch's completed images under their smart names (Download all)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "For another vendor's batch")
    @POST
    @Path("/{id}/archive")
    public Uni<ArchiveLink> archive(@PathParam("id") UUID id) {
        return archives.link(vendor.id(), id).map(link -> new ArchiveLink("/api/vendor/media/downloads/" + link.token(), link.expiresAt()));
    }

    /** Status and counters of one of the vendor's batches; another vendor's batch is 404. */
    @Operation(summary = "Status and counters of one of the vendor's batches")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "Not found")
    @GET
    @Path("/{id}")
    public Uni<BatchView> get(@PathParam("id") UUID id) {
        return view(queries.get(vendor.id(), id));
    }

    /**
     * The vendor's batches (single images too), newest first; {@code ?status=processing,pending}
     * keeps those in one of the statuses: 200; 400 for an unknown status.
     */
    @Operation(summary = "The vendor's batches (single images too), newest first; ?status=processing,pending keeps those in one of the statuses")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For an unknown status")
    @GET
    public Uni<Page<BatchView>> list(@QueryParam("status") String status, @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        List<String> names = status == null || status.isBlank() ? List.of()
                : java.util.Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        List<BatchStatus> statuses = new java.util.ArrayList<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                statuses.add(WireNames.parse(BatchStatus.class, name));
            } catch (IllegalArgumentException e) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid("Unknown batch status.", List.of(Problem.FieldError.of("status",
                    "each must be one of " + WireNames.list(BatchStatus.class) + "; got " + String.join(", ", unknown))));
        }
        return queries.list(vendor.id(), statuses, PageRequest.of(page, size))
                .chain(p -> estimates.secondsLeft(p.items()).map(left -> p.map(b -> BatchView.of(b, left))));
    }
}
