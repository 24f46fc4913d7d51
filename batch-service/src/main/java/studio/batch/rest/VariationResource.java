package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.batch.repository.BatchStatus;
import studio.batch.service.Look;
import studio.batch.service.VariationStats;
import studio.batch.service.Variations;
import studio.common.events.Priority;
import studio.common.api.Visible;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.storage.ImageLinks;
import studio.common.tenancy.CurrentVendor;

/**
 * {@code /api/vendor/media/generate/variations}: A/B tests of one prompt under 2 to 4 sets of
 * settings, their images grouped, the vendor's pick of a winner, and which settings win over time.
 */
@Path("/api/vendor/media/generate/variations")
public class VariationResource {

    private final Variations variations;
    private final VariationStats statistics;
    private final CurrentVendor vendor;
    private final ImageLinks links;

    public VariationResource(Variations variations, VariationStats statistics, CurrentVendor vendor, ImageLinks links) {
        this.variations = variations;
        this.statistics = statistics;
        this.vendor = vendor;
        this.links = links;
    }

    /** One set of settings: a style or a mix, tuning (style strength, creativity, detail, quality preset...) and parameters. */
    public record Variant(
            @Visible @Size(max = 100) String label,
            UUID styleId,
            List<BatchRequests.@NotNull @Valid MixPart> mix,
            Map<String, Object> tuning,
            Map<String, Object> parameters) {
    }

    /**
     * {@code POST} body: the prompt, 2 to 4 {@code variations}; {@code templateId} and
     * {@code category} file the test for the statistics; {@code priority} urgent by default.
     */
    public record CreateTest(
            @NotBlank @Size(max = 32_000) String prompt,
            UUID templateId,
            @Size(max = 50) String category,
            Priority priority,
            @NotNull @Size(min = 2, max = 4, message = "2 to 4 variations") List<@NotNull @Valid Variant> variations) {
    }

    /** One variant of a test: its label and settings, its image, and whether it is the test's winner. */
    public record VariantView(String label, Map<String, Object> settings, BatchResource.ItemView image, boolean winner) {
    }

    /**
     * A test: {@code status} (its batch's), the variants in order, {@code winnerItemId} (the
     * vendor's pick, else the one best-rated image; null while undecided) and whether it was picked.
     */
    public record TestView(UUID id, String prompt, UUID templateId, String category, BatchStatus status, BigDecimal estimatedCostUsd,
            UUID winnerItemId, boolean winnerPicked, List<VariantView> variants, Instant createdAt) {

        static TestView of(Variations.Test test, ImageLinks links) {
            Map<String, Object> config = test.batch().config;
            UUID winner = Variations.winner(test.batch(), test.images());
            List<VariantView> variants = new ArrayList<>();
            List<Map<String, Object>> described = Variations.variants(test.batch());
            for (int i = 0; i < described.size(); i++) {
                Map<String, Object> v = described.get(i);
                UUID itemId = UUID.fromString(String.valueOf(v.get("itemId")));
                var image = test.images().stream().filter(item -> item.id.equals(itemId)).findFirst()
                        .map(item -> BatchResource.ItemView.of(item, links)).orElse(null);
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = v.get("settings") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                variants.add(new VariantView(String.valueOf(v.get("label")), settings, image, itemId.equals(winner)));
            }
            Object category = config.get("category");
            return new TestView(test.batch().id, String.valueOf(config.get("prompt")), test.batch().templateId,
                    category == null ? null : category.toString(), test.batch().status, test.batch().estimatedCostUsd, winner,
                    config.get("winner") != null, variants, test.batch().createdAt);
        }
    }

    /**
     * Starts a test: 202 with it and its {@code Location} once its images are enqueued; 400 naming
     * every problem ({@code variations[i]...}), nothing stored; 422 over the monthly budget.
     */
    @Operation(summary = "Starts a test")
    @APIResponse(responseCode = "202", description = "With it and its Location once its images are enqueued")
    @APIResponse(responseCode = "400", description = "Naming every problem (variations[i]...), nothing stored")
    @APIResponse(responseCode = "422", description = "Over the monthly budget")
    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, @Valid @NotNull CreateTest request) {
        var test = new Variations.NewTest(request.prompt().strip(), request.templateId(),
                request.category() == null || request.category().isBlank() ? null : request.category().strip(), request.priority(),
                request.variations().stream().map(v -> new Variations.Variant(v.label(), new Look(v.styleId(),
                        BatchRequests.mix(v.mix()), v.tuning(), v.parameters()))).toList());
        return variations.create(vendor.id(), authorization, test)
                .chain(batch -> variations.get(vendor.id(), batch.id))
                .map(created -> Response.accepted(TestView.of(created, links))
                        .location(URI.create("/api/vendor/media/generate/variations/" + created.batch().id)).build());
    }

    /** One of the vendor's tests with fresh image links: 200; 404. */
    @Operation(summary = "One of the vendor's tests with fresh image links")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "Not found")
    @GET
    @Path("/{id}")
    public Uni<TestView> get(@PathParam("id") UUID id) {
        return variations.get(vendor.id(), id).map(t -> TestView.of(t, links));
    }

    /** {@code POST .../{id}/winner} body: the winning image. */
    public record Winner(@NotNull UUID itemId) {
    }

    /** Picks the test's winner among its completed images: 200 with the test; 400 for another image; 409 before it completed; 404. */
    @Operation(summary = "Picks the test's winner among its completed images")
    @APIResponse(responseCode = "200", description = "With the test")
    @APIResponse(responseCode = "400", description = "For another image")
    @APIResponse(responseCode = "409", description = "Before it completed")
    @APIResponse(responseCode = "404", description = "Not found")
    @POST
    @Path("/{id}/winner")
    public Uni<TestView> winner(@PathParam("id") UUID id, @Valid @NotNull Winner winner) {
        return variations.pickWinner(vendor.id(), id, winner.itemId()).map(t -> TestView.of(t, links));
    }

    /**
     * Which settings win among the vendor's tests of the last {@code days} (default 90, at most 366),
     * optionally for one {@code templateId} or {@code category}: 200.
     */
    @Operation(summary = "Which settings win among the vendor's tests of the last days (default 90, at most 366), optionally for one templateId or category")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/stats")
    public Uni<VariationStats.Stats> stats(@QueryParam("templateId") UUID templateId, @QueryParam("category") String category,
            @QueryParam("days") @Min(1) @Max(366) Integer days) {
        if (category != null && category.length() > 50) {
            throw ProblemException.invalid("The category is too long.", List.of(Problem.FieldError.of("category", "at most 50 characters")));
        }
        return statistics.stats(vendor.id(), templateId, category == null || category.isBlank() ? null : category.strip(),
                days == null ? 90 : days);
    }
}
