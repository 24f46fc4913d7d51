package studio.worker.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import studio.worker.config.OpenAiConfig;
import studio.worker.provider.OpenAiImagesProvider;
import studio.worker.provider.ProviderChoice;
import studio.worker.storage.ObjectStorage;

/** {@code /api/worker/status}: which provider this worker would call and where it stores results. */
@Path("/api/worker/status")
public class WorkerStatusResource {

    private final ProviderChoice providers;
    private final OpenAiConfig openAi;
    private final ObjectStorage storage;

    public WorkerStatusResource(ProviderChoice providers, OpenAiConfig openAi, ObjectStorage storage) {
        this.providers = providers;
        this.openAi = openAi;
        this.storage = storage;
    }

    /** {@code provider} is {@code openai} when an API key is configured, else {@code placeholder}. */
    public record WorkerStatus(String provider, String providerBaseUrl, String bucket) {
    }

    @GET
    public WorkerStatus status() {
        String provider = providers.provider().name();
        return new WorkerStatus(provider, OpenAiImagesProvider.NAME.equals(provider) ? openAi.baseUrl() : null, storage.bucket());
    }
}
