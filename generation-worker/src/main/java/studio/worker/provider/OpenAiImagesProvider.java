package studio.worker.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Usage;
import studio.worker.config.OpenAiConfig;

/**
 * The OpenAI Images API, non-blocking. The request body is the model catalog's
 * {@code providerRequest} (only the fields the model takes; GPT image models answer base64 PNG, DALL-E
 * models are asked for {@code b64_json}, but a {@code url} answer is downloaded too). The API has no
 * seed: a seed stays metadata of the job. The call's cost comes from the reported {@code usage} at the
 * catalog's token rates (or the catalog's price per image when a model reports no usage). One call,
 * no retries: the worker's guard retries, paces and pauses.
 */
@ApplicationScoped
public class OpenAiImagesProvider implements ImageProvider {

    public static final String NAME = "openai";

    private final OpenAiImagesClient client;
    private final OpenAiConfig config;
    private final HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public OpenAiImagesProvider(@RestClient OpenAiImagesClient client, OpenAiConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The account: the organisation when one is configured, else the base URL (never the key). */
    @Override
    public String account() {
        return NAME + ":" + config.organization().orElse(config.baseUrl());
    }

    @Override
    public boolean limited() {
        return true;
    }

    @Override
    public Uni<GeneratedImage> generate(ImageRequest request) {
        Model model = ModelCatalog.builtIn().find(request.model()).orElse(null);
        if (model == null) {
            return Uni.createFrom().failure(ProviderFailure.permanent("unknown_model", "the model catalog has no " + request.model()));
        }
        Map<String, Object> body = model.providerRequest(request.prompt(), request.parameters());
        return client.generate("Bearer " + config.apiKey().orElseThrow(), config.organization().orElse(null), body)
                .onFailure(e -> !(e instanceof ProviderFailure))
                .transform(e -> e instanceof ProcessingException && e.getCause() instanceof ProviderFailure failure ? failure : unreachable(e))
                .chain(answer -> {
                    ProviderLimits limits = ProviderLimits.from(answer::getHeaderString);
                    OpenAiImagesClient.ImagesResponse response = answer.getEntity();
                    if (response == null || response.data() == null || response.data().isEmpty()) {
                        return Uni.createFrom().failure(ProviderFailure.transientFailure("empty_response", "the provider answered without an image"));
                    }
                    OpenAiImagesClient.ImageData image = response.data().get(0);
                    Uni<byte[]> png = image.b64Json() != null ? Uni.createFrom().item(image.b64Json()) : download(image.url());
                    Usage usage = response.usage() == null ? null : response.usage().asUsage();
                    return png.map(bytes -> new GeneratedImage(bytes, NAME, model.id(), usage,
                            model.pricing().costOf(usage, request.parameters()), limits));
                });
    }

    /** A call that got no answer: cut by the read timeout (a provider that hangs), or no connection. */
    private static ProviderFailure unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // the read timeout comes as Vert.x's NoStackTraceTimeoutException, not a java.util.concurrent one
            if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
                    || cause.getClass().getSimpleName().contains("TimeoutException")) {
                return ProviderFailure.transientFailure("timeout", "the provider did not answer in time: " + e.getMessage());
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException unreadable) {
                return ProviderFailure.transientFailure("malformed_answer", "the provider's answer could not be read: "
                        + unreadable.getOriginalMessage());
            }
        }
        return ProviderFailure.transientFailure("connection", "the provider could not be reached: " + e.getMessage());
    }

    private Uni<byte[]> download(String url) {
        if (url == null) {
            return Uni.createFrom().failure(ProviderFailure.transientFailure("empty_response", "the provider answered without an image"));
        }
        return Uni.createFrom().completionStage(() -> downloads.sendAsync(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray()))
                .onFailure().transform(e -> ProviderFailure.transientFailure("download_failed", "the image URL could not be read: " + e.getMessage()))
                .map(answer -> {
                    if (answer.statusCode() != 200) {
                        throw ProviderFailure.transientFailure("download_failed", "the image URL answered " + answer.statusCode());
                    }
                    return answer.body();
                });
    }
}
