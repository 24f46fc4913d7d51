package studio.devstack.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * Checks a {@code POST /v1/images/generations} body the way OpenAI does: first against
 * {@code CreateImageRequest} of OpenAI's own specification (shipped in this module), then the
 * per-model rules that the schema only states in prose (sizes, qualities, prompt limits, which
 * parameters a model family accepts).
 */
final class ImageRequestValidator {

    /**
     * What one model accepts. {@code anySize}: gpt-image-2's arbitrary WIDTHxHEIGHT sizes;
     * {@code complexity}: gpt-image-2.6's layout-planning setting.
     */
    record ModelRules(String name, boolean gptImage, int maxPromptLength, Set<String> sizes, boolean anySize,
            Set<String> qualities, int maxImages, boolean complexity) {

        ModelRules(String name, boolean gptImage, int maxPromptLength, Set<String> sizes, boolean anySize,
                Set<String> qualities, int maxImages) {
            this(name, gptImage, maxPromptLength, sizes, anySize, qualities, maxImages, false);
        }
    }

    private static final Set<String> GPT_SIZES = Set.of("auto", "1024x1024", "1536x1024", "1024x1536");
    private static final Set<String> GPT_QUALITIES = Set.of("auto", "low", "medium", "high");
    /** gpt-image-2.5 (September 2026) added two qualities above {@code high}; 2.6 kept them. */
    private static final Set<String> GPT_25_QUALITIES = Set.of("auto", "low", "medium", "high", "xhigh", "max");

    static final Map<String, ModelRules> MODELS = Map.ofEntries(
            Map.entry("gpt-image-2.6-flare", new ModelRules("gpt-image-2.6-flare", true, 32000, GPT_SIZES, true, GPT_25_QUALITIES, 10, true)),
            Map.entry("gpt-image-2.6-sunburst", new ModelRules("gpt-image-2.6-sunburst", true, 32000, GPT_SIZES, true, GPT_25_QUALITIES, 10, true)),
            Map.entry("gpt-image-2.5-flare", new ModelRules("gpt-image-2.5-flare", true, 32000, GPT_SIZES, true, GPT_25_QUALITIES, 10)),
            Map.entry("gpt-image-2.5-sunburst", new ModelRules("gpt-image-2.5-sunburst", true, 32000, GPT_SIZES, true, GPT_25_QUALITIES, 10)),
            Map.entry("gpt-image-2", new ModelRules("gpt-image-2", true, 32000, GPT_SIZES, true, GPT_QUALITIES, 10)),
            Map.entry("gpt-image-2-2026-04-21", new ModelRules("gpt-image-2-2026-04-21", true, 32000, GPT_SIZES, true, GPT_QUALITIES, 10)),
            Map.entry("gpt-image-1.5", new ModelRules("gpt-image-1.5", true, 32000, GPT_SIZES, false, GPT_QUALITIES, 10)),
            Map.entry("gpt-image-1", new ModelRules("gpt-image-1", true, 32000, GPT_SIZES, false, GPT_QUALITIES, 10)),
            Map.entry("gpt-image-1-mini", new ModelRules("gpt-image-1-mini", true, 32000, GPT_SIZES, false, GPT_QUALITIES, 10)),
            Map.entry("dall-e-3", new ModelRules("dall-e-3", false, 4000, Set.of("1024x1024", "1792x1024", "1024x1792"), false,
                    Set.of("auto", "standard", "hd"), 1)),
            Map.entry("dall-e-2", new ModelRules("dall-e-2", false, 1000, Set.of("256x256", "512x512", "1024x1024"), false,
                    Set.of("auto", "standard"), 10)));

    private static final List<String> GPT_ONLY = List.of("background", "output_format", "output_compression", "moderation",
            "stream", "partial_images");

    private final Validator schema;
    private final Set<String> knownParameters;

    ImageRequestValidator() {
        JsonObject spec = loadSpec();
        JsonObject schemas = spec.getJsonObject("components").getJsonObject("schemas");
        // A self-contained schema: CreateImageRequest with the spec's components as $defs.
        String text = schemas.getJsonObject("CreateImageRequest").copy()
                .put("$defs", schemas).encode().replace("#/components/schemas/", "#/$defs/");
        JsonObject root = new JsonObject(text);
        // The shipped specification is August 2026's. OpenAI's model pages since then add, for
        // gpt-image-2.5 and 2.6, the qualities xhigh and max and (2.6 only) a complexity setting;
        // the schema takes them here, and the per-model rules below say which model accepts which.
        JsonObject properties = root.getJsonObject("properties");
        properties.getJsonObject("quality").getJsonArray("enum").add("xhigh").add("max");
        properties.put("complexity", new JsonObject().put("type", "string")
                .put("enum", new io.vertx.core.json.JsonArray().add("low").add("medium").add("high")).put("nullable", true));
        this.knownParameters = root.getJsonObject("properties").fieldNames();
        this.schema = Validator.create(JsonSchema.of(root),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://stub.openai.local/")
                        .setOutputFormat(OutputFormat.Basic));
    }

    /** The rules of the request's model; throws {@link OpenAiErrors.InvalidRequest} as OpenAI answers 400. */
    ModelRules validate(JsonObject body) {
        for (String field : body.fieldNames()) {
            if (!knownParameters.contains(field)) {
                throw OpenAiErrors.invalid(null, null, "Unrecognized request argument supplied: " + field);
            }
        }
        OutputUnit result = schema.validate(body);
        if (!Boolean.TRUE.equals(result.getValid())) {
            OutputUnit first = result.getErrors() == null || result.getErrors().isEmpty() ? result : result.getErrors().get(0);
            String location = first.getInstanceLocation() == null ? "" : first.getInstanceLocation();
            String param = location.startsWith("#/") ? location.substring(2) : location.replaceFirst("^/", "");
            throw OpenAiErrors.invalid(param.isEmpty() ? null : param, "invalid_value",
                    "Invalid value for '" + param + "': " + first.getError());
        }
        if (!body.containsKey("prompt")) {
            throw OpenAiErrors.invalid("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }
        String modelName = body.getString("model", "dall-e-2");
        ModelRules model = MODELS.get(modelName);
        if (model == null) {
            throw OpenAiErrors.invalid("model", "invalid_value", "Invalid model " + modelName
                    + ". The model argument should be left blank or be one of " + String.join(", ", MODELS.keySet()) + ".");
        }
        String prompt = body.getString("prompt");
        if (prompt.isEmpty()) {
            throw OpenAiErrors.invalid("prompt", "empty_string", "Invalid 'prompt': empty string.");
        }
        if (prompt.length() > model.maxPromptLength()) {
            throw OpenAiErrors.invalid("prompt", "string_above_max_length", "Invalid 'prompt': string too long. Expected a string with maximum length "
                    + model.maxPromptLength() + ", but got a string with length " + prompt.length() + " instead.");
        }
        Integer n = body.getInteger("n");
        if (n != null && n > model.maxImages()) {
            throw OpenAiErrors.invalid("n", "invalid_value", "Invalid 'n': " + model.name() + " supports at most "
                    + model.maxImages() + " image(s) per request.");
        }
        String size = body.getString("size");
        if (size != null && !model.sizes().contains(size) && !(model.anySize() && isValidCustomSize(size))) {
            throw OpenAiErrors.invalid("size", "invalid_value", "Invalid size '" + size + "'. Supported sizes for "
                    + model.name() + " are " + String.join(", ", model.sizes().stream().sorted().toList())
                    + (model.anySize() ? ", or WIDTHxHEIGHT with both divisible by 16, an aspect ratio within 1:3 to 3:1 and at most 3840x2160" : "")
                    + ".");
        }
        String quality = body.getString("quality");
        if (quality != null && !model.qualities().contains(quality)) {
            throw OpenAiErrors.invalid("quality", "invalid_value", "Invalid quality '" + quality + "' for " + model.name()
                    + ". Supported: " + String.join(", ", model.qualities().stream().sorted().toList()) + ".");
        }
        if (body.containsKey("complexity") && !model.complexity()) {
            throw OpenAiErrors.invalid("complexity", "unknown_parameter", "Unknown parameter: 'complexity'.");
        }
        if (model.gptImage() && body.containsKey("response_format")) {
            throw OpenAiErrors.invalid("response_format", "unknown_parameter", "Unknown parameter: 'response_format'.");
        }
        if (model.gptImage() && body.containsKey("style")) {
            throw OpenAiErrors.invalid("style", "unknown_parameter", "Unknown parameter: 'style'.");
        }
        if (!model.gptImage()) {
            for (String gptOnly : GPT_ONLY) {
                if (body.containsKey(gptOnly)) {
                    throw OpenAiErrors.invalid(gptOnly, "unknown_parameter", "Unknown parameter: '" + gptOnly + "'.");
                }
            }
        }
        if (!"dall-e-3".equals(model.name()) && body.containsKey("style")) {
            throw OpenAiErrors.invalid("style", "unknown_parameter", "Unknown parameter: 'style'.");
        }
        if (Boolean.TRUE.equals(body.getBoolean("stream"))) {
            throw OpenAiErrors.invalid("stream", "unsupported_value", "The devstack stub does not stream; send stream=false.");
        }
        return model;
    }

    static boolean isValidCustomSize(String size) {
        String[] parts = size.split("x");
        if (parts.length != 2) {
            return false;
        }
        try {
            int width = Integer.parseInt(parts[0]);
            int height = Integer.parseInt(parts[1]);
            boolean divisible = width % 16 == 0 && height % 16 == 0;
            boolean ratio = width <= 3 * height && height <= 3 * width;
            boolean bounded = Math.max(width, height) <= 3840 && Math.min(width, height) <= 2160 && width > 0 && height > 0;
            return divisible && ratio && bounded;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonObject loadSpec() {
        try (InputStream in = ImageRequestValidator.class.getResourceAsStream("/openai/openai-images-openapi.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
