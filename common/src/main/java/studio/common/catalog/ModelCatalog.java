package studio.common.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import studio.common.error.Problem;

/**
 * The image models the platform knows, as configuration data ({@code studio/model-catalog.json}),
 * not code: sizes, qualities, prompt limit and capabilities per model. Validation and providers
 * read it, so adding a model is an edit of that file.
 */
public final class ModelCatalog {

    /**
     * One model's entry. {@code customSizes}: any WIDTHxHEIGHT within the provider's rules is
     * accepted. {@code tuning} names the model's {@link TuningProfile}; {@code requestFields} are the
     * generation parameters its API takes, {@code requestDefaults} what is always sent;
     * {@code qualityPresets} maps Standard, HD and Ultra to parameters; {@code pricing} what a call
     * costs; {@code options} the values each of its other enumerated settings takes (gpt-image-2.6's
     * {@code complexity}, say).
     */
    public record Model(String id, String provider, String family, List<String> sizes, boolean customSizes,
            List<String> qualities, int maxPromptLength, String tuning, List<String> requestFields,
            Map<String, Object> requestDefaults, Map<String, Map<String, Object>> qualityPresets, Pricing pricing,
            Map<String, List<String>> options) {

        public Model {
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** The catalog's estimate of one image of this model with these parameters and this prompt, in USD. */
        public BigDecimal estimate(Map<String, Object> parameters, int promptLength) {
            return pricing.estimate(parameters, promptLength);
        }

        /**
         * The exact body of an images request for this model: model, prompt, one image, the
         * model's fixed fields, then those of {@code parameters} that its API takes. Anything else
         * (a seed for a model without one, say) stays metadata and is not sent.
         */
        public Map<String, Object> providerRequest(String prompt, Map<String, Object> parameters) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", id);
            body.put("prompt", prompt);
            body.put("n", 1);
            body.putAll(requestDefaults);
            for (String field : requestFields) {
                if (parameters.get(field) != null) {
                    body.put(field, parameters.get(field));
                }
            }
            return body;
        }
    }

    /**
     * What a model costs, in USD. {@code perMillionTokens} ({@code textInput}, {@code imageInput},
     * {@code imageOutput}, {@code textOutput}) prices a call from the provider's reported usage;
     * {@code perImage} (quality, then size, to USD) is the published price of one image, which the
     * estimate uses and which prices a call that reported no usage. {@code assume} fills in a quality
     * or size the request leaves out (the provider's own default); {@code source} says where the
     * figures come from and when they were taken.
     */
    public record Pricing(String source, Map<String, BigDecimal> perMillionTokens, Map<String, Map<String, BigDecimal>> perImage,
            Map<String, String> assume) {

        /** Rounding of every amount: micro-dollars. */
        public static final int SCALE = 6;
        private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
        private static final double BASE_PIXELS = 1024.0 * 1024.0;

        /**
         * One image with these parameters: the published price for its quality and size, plus the
         * prompt's text tokens (about four characters each) at the text input rate. A quality of
         * {@code auto} (the model decides) is priced as the dearest quality, so that an estimate never
         * falls short of the bill; a size of {@code auto} likewise. A custom size is priced from the
         * 1024x1024 price in proportion to its pixels.
         */
        public BigDecimal estimate(Map<String, Object> parameters, int promptLength) {
            BigDecimal image = imagePrice(parameters);
            BigDecimal promptTokens = BigDecimal.valueOf((promptLength + 3) / 4);
            return image.add(promptTokens.multiply(rate("textInput")).divide(MILLION, SCALE, RoundingMode.HALF_UP))
                    .setScale(SCALE, RoundingMode.HALF_UP);
        }

        /**
         * The actual cost of one call: from the reported usage at the token rates when there is usage
         * and this model has token rates, else the published price of one image with these parameters.
         */
        public Cost costOf(Usage usage, Map<String, Object> parameters) {
            if (usage != null && !perMillionTokens.isEmpty()) {
                int inputText = usage.inputTextTokens() != null || usage.inputImageTokens() != null
                        ? Usage.orZero(usage.inputTextTokens()) : Usage.orZero(usage.inputTokens());
                int outputText = Usage.orZero(usage.outputTextTokens());
                int outputImage = usage.outputImageTokens() != null ? usage.outputImageTokens()
                        : Usage.orZero(usage.outputTokens()) - outputText;
                BigDecimal micro = rate("textInput").multiply(BigDecimal.valueOf(inputText))
                        .add(rate("imageInput").multiply(BigDecimal.valueOf(Usage.orZero(usage.inputImageTokens()))))
                        .add(rate("imageOutput").multiply(BigDecimal.valueOf(outputImage)))
                        .add(rate("textOutput").multiply(BigDecimal.valueOf(outputText)));
                return new Cost(micro.divide(MILLION, SCALE, RoundingMode.HALF_UP), Cost.USAGE);
            }
            return new Cost(imagePrice(parameters).setScale(SCALE, RoundingMode.HALF_UP), Cost.CATALOG);
        }

        private BigDecimal rate(String kind) {
            return perMillionTokens.getOrDefault(kind, BigDecimal.ZERO);
        }

        private BigDecimal imagePrice(Map<String, Object> parameters) {
            if (perImage.isEmpty()) {
                return BigDecimal.ZERO;
            }
            String quality = String.valueOf(parameters.getOrDefault("quality", assume.getOrDefault("quality", "auto")));
            String size = String.valueOf(parameters.getOrDefault("size", assume.getOrDefault("size", "auto")));
            List<Map<String, BigDecimal>> bySize = perImage.containsKey(quality) ? List.of(perImage.get(quality))
                    : List.copyOf(perImage.values());
            BigDecimal price = BigDecimal.ZERO;
            for (Map<String, BigDecimal> sizes : bySize) {
                BigDecimal candidate;
                if (sizes.containsKey(size)) {
                    candidate = sizes.get(size);
                } else if (!"auto".equals(size) && isCustomSize(size) && sizes.containsKey("1024x1024")) {
                    String[] wh = size.split("x");
                    double scale = Integer.parseInt(wh[0]) * (double) Integer.parseInt(wh[1]) / BASE_PIXELS;
                    candidate = sizes.get("1024x1024").multiply(BigDecimal.valueOf(scale));
                } else {
                    candidate = sizes.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
                }
                price = price.max(candidate);
            }
            return price;
        }
    }

    /**
     * An amount in USD and how it was found: {@value #USAGE} (the provider's reported usage),
     * {@value #BATCH} (the reported usage at the Batch API's discount), {@value #CATALOG} (the
     * published price) or {@value #NONE} (no paid call was made).
     */
    public record Cost(BigDecimal usd, String basis) {
        public static final String USAGE = "usage";
        public static final String CATALOG = "catalog";
        public static final String BATCH = "batch";
        public static final String NONE = "none";

        /** Nothing paid: no call reached a paid provider. */
        public static Cost none() {
            return new Cost(BigDecimal.ZERO.setScale(Pricing.SCALE), NONE);
        }
    }

    /**
     * How a family of models takes the tuning settings: each entry says whether a setting becomes
     * request text ({@code phrasing}, {@code fold}, {@code separator}), a request parameter
     * ({@code parameter}), a prompt weight ({@code weight}), or stays metadata ({@code metadata}).
     */
    public record TuningProfile(String description, PromptWeights promptWeights, Setting negativePrompt, Setting seed,
            Slider styleStrength, Slider creativity, Slider detailLevel, Mix mix) {
    }

    /** Explicit prompt weights, for example {@code ({text}:{weight})}, clamped to [min, max]. */
    public record PromptWeights(String syntax, double min, double max) {
    }

    /** A setting without a scale: {@code apply} is parameter (named {@code parameter}), fold (into {@code template}), separator or metadata. */
    public record Setting(String apply, String parameter, String template, String separator) {
    }

    /**
     * A 0-100 setting: {@code phrasing} (below {@code lowBelow} the {@code low} text, above
     * {@code highAbove} the {@code high} text, else {@code neutral} or nothing), {@code parameter}
     * (linear from {@code from} at 0 to {@code to} at 100) or {@code weight} (a prompt weight).
     */
    public record Slider(String apply, Integer lowBelow, Integer highAbove, String low, String neutral, String high,
            String parameter, Double from, Double to) {
    }

    /** Style mixing: {@code weight} (prompt weights) or {@code phrasing} (tiers by share, strongest first). */
    public record Mix(String apply, String intro, String separator, List<MixTier> tiers) {
    }

    /** The phrase for a style whose share is at least {@code from} percent. */
    public record MixTier(int from, String phrase) {
    }

    record Document(String defaultModel, List<Model> models, Map<String, TuningProfile> tuningProfiles) {
    }

    private static final ModelCatalog BUILT_IN = load();

    private final String defaultModel;
    private final Map<String, Model> models;

    private final Map<String, TuningProfile> profiles;

    private ModelCatalog(String defaultModel, List<Model> models, Map<String, TuningProfile> profiles) {
        this.defaultModel = defaultModel;
        this.models = models.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Model::id, m -> m));
        this.profiles = Map.copyOf(profiles);
        for (Model model : models) {
            if (!profiles.containsKey(model.tuning())) {
                throw new IllegalStateException("model " + model.id() + " names an unknown tuning profile " + model.tuning());
            }
            if (model.pricing() == null || model.pricing().perMillionTokens() == null || model.pricing().perImage() == null
                    || model.pricing().assume() == null) {
                throw new IllegalStateException("model " + model.id() + " has no complete pricing (perMillionTokens, perImage, assume)");
            }
        }
        profiles.forEach((name, profile) -> {
            boolean weights = "weight".equals(profile.styleStrength().apply()) || "weight".equals(profile.mix().apply());
            if (weights && profile.promptWeights() == null) {
                throw new IllegalStateException("tuning profile " + name + " applies prompt weights but defines no promptWeights");
            }
        });
    }

    /** How the model takes style strength, creativity, detail, negative prompt, seed and mixes. */
    public TuningProfile tuning(Model model) {
        return profiles.get(model.tuning());
    }

    public List<Model> models() {
        return models.values().stream().sorted(java.util.Comparator.comparing(Model::id)).toList();
    }

    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    public String defaultModel() {
        return defaultModel;
    }

    public Optional<Model> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public List<String> ids() {
        return models.keySet().stream().sorted().toList();
    }

    /**
     * Checks generation parameters ({@code model}, {@code size}, {@code quality}, the model's
     * {@code options}) against the model; the field errors are prefixed with {@code field} (for example
     * {@code parameters}).
     */
    public List<Problem.FieldError> check(String field, Map<String, Object> parameters) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Object modelId = parameters.getOrDefault("model", defaultModel);
        Model model = models.get(String.valueOf(modelId));
        if (model == null) {
            errors.add(Problem.FieldError.of(field + ".model", "unknown model " + modelId + "; known: " + String.join(", ", ids())));
            return errors;
        }
        Object size = parameters.get("size");
        if (size != null && !model.sizes().contains(String.valueOf(size)) && !(model.customSizes() && isCustomSize(String.valueOf(size)))) {
            errors.add(Problem.FieldError.of(field + ".size", "not a size of " + model.id() + ": " + String.join(", ", model.sizes())
                    + (model.customSizes() ? ", or WIDTHxHEIGHT (multiples of 16, ratio within 1:3 to 3:1, at most 3840x2160)" : "")));
        }
        Object quality = parameters.get("quality");
        if (quality != null && !model.qualities().contains(String.valueOf(quality))) {
            errors.add(Problem.FieldError.of(field + ".quality", "not a quality of " + model.id() + ": " + String.join(", ", model.qualities())));
        }
        model.options().forEach((name, values) -> {
            Object value = parameters.get(name);
            if (value != null && !values.contains(String.valueOf(value))) {
                errors.add(Problem.FieldError.of(field + "." + name, "not a " + name + " of " + model.id() + ": " + String.join(", ", values)));
            }
        });
        return errors;
    }

    public Model modelFor(Map<String, Object> parameters) {
        return models.get(String.valueOf(parameters.getOrDefault("model", defaultModel)));
    }

    static boolean isCustomSize(String size) {
        String[] parts = size.split("x");
        if (parts.length != 2) {
            return false;
        }
        try {
            int w = Integer.parseInt(parts[0]);
            int h = Integer.parseInt(parts[1]);
            return w > 0 && h > 0 && w % 16 == 0 && h % 16 == 0 && w <= 3 * h && h <= 3 * w
                    && Math.max(w, h) <= 3840 && Math.min(w, h) <= 2160;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ModelCatalog load() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream("/studio/model-catalog.json")) {
            Document doc = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class);
            return new ModelCatalog(doc.defaultModel(), doc.models(), doc.tuningProfiles());
        } catch (IOException e) {
            throw new UncheckedIOException("the model catalog cannot be read", e);
        }
    }
}
