package studio.devstack.openai;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The body of a successful images answer, as OpenAI gives it for the model: base64 images with
 * token usage for the gpt-image models, URLs (served by the stub) or base64 for DALL-E.
 */
final class StubImageAnswers {

    /**
     * Output tokens of one 1024x1024 image by quality: gpt-image-1's published counts for low,
     * medium and high; xhigh and max (gpt-image-2.5 and later) are stub figures above them.
     */
    private static final Map<String, Integer> BASE_OUTPUT_TOKENS = Map.of("low", 272, "medium", 1056, "high", 4160,
            "xhigh", 5200, "max", 7024);

    private final StubImages images = new StubImages();
    private final Map<String, byte[]> hosted = new ConcurrentHashMap<>();
    private final java.util.function.IntSupplier port;
    private final java.util.function.Supplier<StubImages.Content> content;

    StubImageAnswers(java.util.function.IntSupplier port, java.util.function.Supplier<StubImages.Content> content) {
        this.port = port;
        this.content = content;
    }

    /** Stands for an image's base64 in the encoded answer (base64 needs no JSON escaping). */
    private static final String IMAGE_PLACEHOLDER = "stub-image-" + UUID.randomUUID();

    /**
     * An answer as JSON bytes, its images' base64 copied in as they are: a 1024x1024 PNG is 3.4 MB
     * of base64, which JSON encoding would scan, escape and re-encode on every answer.
     */
    static io.vertx.core.buffer.Buffer encode(JsonObject answer) {
        JsonArray data = answer.getValue("data") instanceof JsonArray array ? array : null;
        if (data == null) {
            return answer.toBuffer();
        }
        JsonObject shell = answer.copy();
        java.util.List<String> base64 = new java.util.ArrayList<>();
        for (Object item : shell.getJsonArray("data")) {
            if (item instanceof JsonObject image && image.getValue("b64_json") instanceof String encoded) {
                base64.add(encoded);
                image.put("b64_json", IMAGE_PLACEHOLDER);
            }
        }
        String[] parts = shell.encode().split(IMAGE_PLACEHOLDER, -1);
        io.vertx.core.buffer.Buffer out = io.vertx.core.buffer.Buffer.buffer(base64.stream().mapToInt(String::length).sum() + 1024);
        for (int i = 0; i < parts.length; i++) {
            out.appendString(parts[i]);
            if (i < base64.size()) {
                out.appendBytes(base64.get(i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    /** An image handed out by URL, or null. */
    byte[] hosted(String id) {
        return hosted.get(id);
    }

    /** The body of a successful images answer to this request, as OpenAI gives it, with the images the behaviour asks for. */
    JsonObject answer(JsonObject body, ImageRequestValidator.ModelRules model, String prompt) {
        return answer(body, model, prompt, content.get());
    }

    /** The same, with images of this content. */
    JsonObject answer(JsonObject body, ImageRequestValidator.ModelRules model, String prompt, StubImages.Content kind) {
        int n = body.getInteger("n", 1);
        String size = body.getString("size", "auto");
        String resolvedSize = "auto".equals(size) ? "1024x1024" : size;
        String[] dimensions = resolvedSize.split("x");
        int width = Integer.parseInt(dimensions[0]);
        int height = Integer.parseInt(dimensions[1]);
        String format = body.getString("output_format", "png");
        StubImages.Image image = images.render(prompt, width, height, format, "transparent".equals(body.getString("background")), kind);
        JsonArray data = new JsonArray();
        JsonObject answer = new JsonObject().put("created", Instant.now().getEpochSecond());
        if (model.gptImage()) {
            String quality = body.getString("quality", "auto");
            String resolvedQuality = "auto".equals(quality) ? "medium" : quality;
            for (int i = 0; i < n; i++) {
                data.add(new JsonObject().put("b64_json", image.base64()));
            }
            int inputTokens = Math.max(1, (prompt.length() + 3) / 4);
            int outputTokens = (int) Math.round(BASE_OUTPUT_TOKENS.get(resolvedQuality) * (width * (double) height) / (1024.0 * 1024.0)) * n;
            answer.put("data", data)
                    .put("background", "transparent".equals(body.getString("background")) ? "transparent" : "opaque")
                    .put("output_format", format)
                    .put("quality", resolvedQuality)
                    .put("size", resolvedSize)
                    .put("usage", new JsonObject()
                            .put("input_tokens", inputTokens)
                            .put("input_tokens_details", new JsonObject().put("text_tokens", inputTokens).put("image_tokens", 0))
                            .put("output_tokens", outputTokens)
                            .put("output_tokens_details", new JsonObject().put("image_tokens", outputTokens).put("text_tokens", 0))
                            .put("total_tokens", inputTokens + outputTokens));
        } else {
            boolean asUrl = !"b64_json".equals(body.getString("response_format", "url"));
            for (int i = 0; i < n; i++) {
                JsonObject item = new JsonObject();
                if (asUrl) {
                    String id = UUID.randomUUID() + ".png";
                    hosted.put(id, image.bytes());
                    item.put("url", "http://127.0.0.1:" + port.getAsInt() + "/v1/images/files/" + id);
                } else {
                    item.put("b64_json", image.base64());
                }
                if ("dall-e-3".equals(model.name())) {
                    item.put("revised_prompt", prompt);
                }
                data.add(item);
            }
            answer.put("data", data);
        }
        return answer;
    }
}
