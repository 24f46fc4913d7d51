package studio.worker.provider;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.http.RetryAfter;

/**
 * {@code POST /v1/images/generations} of the OpenAI Images API (or any compatible server), non-blocking:
 * a call in flight holds no thread.
 */
@RegisterRestClient(configKey = "openai")
@RegisterProvider(OpenAiImagesClient.Errors.class)
public interface OpenAiImagesClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImagesResponse(Long created, List<ImageData> data, Usage usage) {
    }

    /** One image, {@code b64_json} decoded (see {@link Base64Image}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImageData(@JsonProperty("b64_json") @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = Base64Image.class) byte[] b64Json,
            String url, @JsonProperty("revised_prompt") String revisedPrompt) {
    }

    /**
     * An image's base64 (a 1024x1024 PNG is 3.4 MB of it) decoded by the JDK from the parser's
     * characters. Jackson's own decoding ({@code byte[]}) took a quarter of the worker's CPU on a PNG,
     * and reading a {@code String} first narrowed it char by char and checked it for text the
     * services refuse.
     */
    final class Base64Image extends com.fasterxml.jackson.databind.JsonDeserializer<byte[]> {

        @Override
        public byte[] deserialize(com.fasterxml.jackson.core.JsonParser parser, com.fasterxml.jackson.databind.DeserializationContext context)
                throws java.io.IOException {
            if (parser.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                return (byte[]) context.handleUnexpectedToken(byte[].class, parser);
            }
            String base64 = new String(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            try {
                return java.util.Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(parser, "b64_json is not base64: " + e.getMessage(),
                        null, byte[].class);
            }
        }
    }

    /** {@code usage} as the GPT image models report it (DALL-E models report none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(@JsonProperty("input_tokens") Integer inputTokens, @JsonProperty("output_tokens") Integer outputTokens,
            @JsonProperty("input_tokens_details") TokenDetails input, @JsonProperty("output_tokens_details") TokenDetails output) {

        public studio.common.catalog.Usage asUsage() {
            return new studio.common.catalog.Usage(inputTokens, input == null ? null : input.textTokens(),
                    input == null ? null : input.imageTokens(), outputTokens, output == null ? null : output.imageTokens(),
                    output == null ? null : output.textTokens());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenDetails(@JsonProperty("text_tokens") Integer textTokens, @JsonProperty("image_tokens") Integer imageTokens) {
    }

    @POST
    @Path("/images/generations")
    Uni<RestResponse<ImagesResponse>> generate(@HeaderParam("Authorization") String authorization,
            @HeaderParam("OpenAI-Organization") String organization, Map<String, Object> body);

    /**
     * OpenAI's error answers as {@link ProviderFailure}s by kind: rate limits (not quota), timeouts,
     * conflicts and 5xx are transient (with the answer's {@code retry-after}); 401, 403 and
     * {@code insufficient_quota} concern the account; anything else (content policy, an invalid
     * request) is permanent.
     */
    class Errors implements ResponseExceptionMapper<ProviderFailure> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public ProviderFailure toThrowable(Response response) {
            return failure(response.getStatus(), response.readEntity(String.class), response::getHeaderString);
        }

        /** An error answer (its status, body and headers) as a failure by kind; also for a Batch API request's answer. */
        public static ProviderFailure failure(int status, String body, java.util.function.Function<String, String> headers) {
            String code = "http_" + status;
            String message = "HTTP " + status;
            try {
                JsonNode error = JSON.readTree(body).path("error");
                if (error.hasNonNull("code")) {
                    code = error.get("code").asText();
                } else if (error.hasNonNull("type")) {
                    code = error.get("type").asText();
                }
                if (error.hasNonNull("message")) {
                    message = error.get("message").asText();
                }
            } catch (Exception unreadable) {
                // keep the status as the message
            }
            ProviderLimits limits = ProviderLimits.from(headers);
            if (status == 401 || status == 403 || "insufficient_quota".equals(code)) {
                return new ProviderFailure(code, message, ProviderFailure.Kind.ACCOUNT, null, limits);
            }
            if (status == 429 || status == 408 || status == 409 || status >= 500) {
                return new ProviderFailure.Transient(code, message, RetryAfter.of(headers), limits);
            }
            return new ProviderFailure(code, message, ProviderFailure.Kind.PERMANENT, null, limits);
        }
    }
}
