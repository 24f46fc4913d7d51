package studio.worker.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.ProviderEvent;
import studio.common.tenancy.CurrentVendor;
import studio.worker.config.OpenAiConfig;
import studio.worker.engine.Dispatcher;
import studio.worker.messaging.ResultPublisher;
import studio.worker.messaging.TopicDepths;
import studio.worker.provider.ImageProvider;
import studio.worker.provider.OpenAiImagesProvider;
import studio.worker.provider.ProviderChoice;
import studio.worker.ratelimit.FleetRateLimiter;
import studio.worker.storage.ObjectStorage;

/** {@code /api/worker}: what this worker calls and holds, and the operator's resume of a paused provider. */
@Path("/api/worker")
public class WorkerStatusResource {

    private final ProviderChoice providers;
    private final OpenAiConfig openAi;
    private final ObjectStorage storage;
    private final Dispatcher dispatcher;
    private final FleetRateLimiter limiter;
    private final ResultPublisher publisher;
    private final CurrentVendor caller;
    private final studio.worker.batchapi.BatchApiLane batchApi;
    private final TopicDepths depths;

    public WorkerStatusResource(ProviderChoice providers, OpenAiConfig openAi, ObjectStorage storage, Dispatcher dispatcher,
            FleetRateLimiter limiter, ResultPublisher publisher, CurrentVendor caller, studio.worker.batchapi.BatchApiLane batchApi,
            TopicDepths depths) {
        this.batchApi = batchApi;
        this.depths = depths;
        this.providers = providers;
        this.openAi = openAi;
        this.storage = storage;
        this.dispatcher = dispatcher;
        this.limiter = limiter;
        this.publisher = publisher;
        this.caller = caller;
    }

    /**
     * {@code provider} is {@code openai} when an API key is configured, else {@code placeholder};
     * {@code inFlight}: provider calls open here; {@code finishing}: jobs past their call (storing,
     * publishing); {@code queued}: jobs held here per lane, waiting to start; {@code batchApi}: whether
     * the bulk lane goes through the Batch API, and the fleet's bulk jobs in the worker database by
     * status ({@code gathering}, {@code submitting}, {@code submitted}; empty when it is off).
     */
    public record WorkerStatus(String provider, String providerBaseUrl, String bucket, int inFlight, int finishing,
            Map<String, Integer> queued, BatchApiStatus batchApi) {
    }

    public record BatchApiStatus(boolean enabled, Map<String, Long> jobs) {
    }

    @GET
    @Path("/status")
    public Uni<WorkerStatus> status() {
        String provider = providers.provider().name();
        Uni<Map<String, Long>> held = batchApi.enabled() ? batchApi.held() : Uni.createFrom().item(Map.of());
        return held.map(jobs -> new WorkerStatus(provider, OpenAiImagesProvider.NAME.equals(provider) ? openAi.baseUrl() : null,
                storage.bucket(), dispatcher.inFlight(), dispatcher.finishing(), dispatcher.queued(),
                new BatchApiStatus(batchApi.enabled(), jobs)));
    }

    /**
     * The fleet's providers as an operator sees them, what this replica holds, and what waits in
     * Kafka ({@link TopicDepths.Depths}: each lane's jobs not finished, the dead-letter topic's records).
     */
    public record Fleet(String provider, java.util.List<FleetRateLimiter.KeyState> models, int inFlight, int finishing,
            Map<String, Integer> queued, Map<String, Long> lag, long deadLetters) {
    }

    /**
     * Admin only: every account and model the fleet has called, each with its pause (until when and
     * why) and the limit its provider announced, and what this replica holds: 200; 403 otherwise.
     */
    @GET
    @Path("/providers")
    @Operation(summary = "Admin only: the fleet's providers by model, each with its pause and announced limit, what this replica holds,"
            + " each lane's jobs in Kafka not finished and the dead-letter topic's records")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    public Uni<Fleet> providers() {
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("admin-only", "The fleet's state needs the admin role.");
        }
        return limiter.states().chain(models -> depths.depths().map(kafka -> new Fleet(providers.provider().name(), models,
                dispatcher.inFlight(), dispatcher.finishing(), dispatcher.queued(), kafka.lag(), kafka.deadLetters())));
    }

    /**
     * Ends the fleet's pause of this worker's provider for a model ({@code ?model=}, default the
     * catalog's default) once the account is fixed, and announces {@code provider.resumed}: 204; 403
     * without the admin role; 400 for an unknown model.
     */
    @Operation(summary = "Ends the fleet's pause of this worker's provider for a model (?model=, default the catalog's default) once the account is fixed, and announces provider.resumed")
    @APIResponse(responseCode = "204", description = "No content")
    @APIResponse(responseCode = "403", description = "Without the admin role")
    @APIResponse(responseCode = "400", description = "For an unknown model")
    @POST
    @Path("/providers/resume")
    public Uni<Void> resume(@QueryParam("model") String model) {
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("admin-only", "Resuming a provider needs the admin role.");
        }
        String which = model == null || model.isBlank() ? ModelCatalog.builtIn().defaultModel() : model.strip();
        if (ModelCatalog.builtIn().find(which).isEmpty()) {
            throw ProblemException.invalid("Unknown model.", java.util.List.of(Problem.FieldError.of("model",
                    "one of " + String.join(", ", ModelCatalog.builtIn().ids()))));
        }
        ImageProvider provider = providers.provider();
        return limiter.resume(provider.account(), which)
                .chain(() -> publisher.publish(new ProviderEvent.Resumed(provider.account(), which, "operator")));
    }
}
