package studio.worker.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Usage;
import studio.worker.config.OpenAiConfig;

/**
 * The OpenAI Images API. The request body is the model catalog's {@code providerRequest} (only the
 * fields the model takes; GPT image models answer base64 PNG, DALL-E models are asked for
 * {@code b64_json}, but a {@code url} answer is downloaded too). The API has no seed: a seed stays
 * metadata of the job. The call's cost comes from the reported {@code usage} at the catalog's token
 * rates (or the catalog's price per image when a model reports no usage).
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

    @Override
    @Retry(maxRetries = 2, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 500, jitterDelayUnit = ChronoUnit.MILLIS,
            retryOn = ProviderFailure.Transient.class)
    public GeneratedImage generate(ImageRequest request) {
        ModelCatalog.Model model = ModelCatalog.builtIn().find(request.model())
                .orElseThrow(() -> new ProviderFailure("unknown_model", "the model catalog has no " + request.model(), false));
        Map<String, Object> body = model.providerRequest(request.prompt(), request.parameters());
        OpenAiImagesClient.ImagesResponse response;
        try {
            response = client.generate("Bearer " + config.apiKey().orElseThrow(), config.organization().orElse(null), body);
        } catch (ProcessingException e) {
            throw new ProviderFailure.Transient("connection", "the provider could not be reached: " + e.getMessage());
        }
        if (response.data() == null || response.data().isEmpty()) {
            throw new ProviderFailure.Transient("empty_response", "the provider answered without an image");
        }
        OpenAiImagesClient.ImageData image = response.data().get(0);
        byte[] png = image.b64Json() != null ? Base64.getDecoder().decode(image.b64Json()) : download(image.url());
        Usage usage = response.usage() == null ? null : response.usage().asUsage();
        return new GeneratedImage(png, NAME, model.id(), usage, model.pricing().costOf(usage, request.parameters()));
    }

    private byte[] download(String url) {
        try {
            HttpResponse<byte[]> answer = downloads.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new ProviderFailure.Transient("download_failed", "the image URL answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException e) {
            throw new ProviderFailure.Transient("download_failed", "the image URL could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure.Transient("interrupted", "interrupted while downloading the image");
        }
    }
}
