package studio.common.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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
            Map<String, List<String>> options, Availability availability) {

        public Model {
            options = options == null ? Map.of() : Map.copyOf(options);
        }

        /** Whether the provider still serves this model on {@code day} (a model without a shutdown date always is). */
        public boolean servedOn(LocalDate day) {
            return availability == null || availability.shutdown() == null || day.isBefore(availability.shutdown());
        }

        /**
         * The names {@code parameters} may carry for this model: {@code model}, {@code seed}, the
         * fields its API takes, and those of its fixed fields a request may state (at their one value).
         */
        public Set<String> parameterNames(Map<String, Parameter> rules) {
            Set<String> names = new LinkedHashSet<>(List.of("model"));
            names.addAll(requestFields);
            names.add("seed");
            requestDefaults.keySet().stream().filter(rules::containsKey).forEach(names::add);
            return names;
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
     * When a provider stops serving a model ({@code shutdown}, the first day it no longer answers),
     * what it recommends instead, and where that was read.
     */
    public record Availability(LocalDate shutdown, String successor, String source) {
    }

    /**
     * The values one generation parameter may take: one of {@code values}, or a whole number from
     * {@code min} to {@code max}; {@code note} says why, when the reason is not the provider's.
     */
    public record Parameter(List<String> values, Long min, Long max, String note) {
    }

    /** The longest piece of a refused value a problem repeats. */
    private static final int SHOWN = 40;

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

    record Document(String defaultModel, Map<String, Parameter> parameters, List<Model> models,
            Map<String, TuningProfile> tuningProfiles) {
    }

    /**
     * The setting that lets a shut-down model be named: the ids of the models an OpenAI-compatible
     * server behind {@code studio.openai.base-url} still serves.
     */
    public static final String ALLOW_RETIRED = "studio.models.allow-retired";

    private static final ModelCatalog BUILT_IN = load();

    private final String defaultModel;
    private final Map<String, Model> models;
    private final Map<String, Parameter> parameters;
    private final Map<String, TuningProfile> profiles;

    private ModelCatalog(String defaultModel, Map<String, Parameter> parameters, List<Model> models,
            Map<String, TuningProfile> profiles) {
        this.defaultModel = defaultModel;
        this.models = models.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Model::id, m -> m));
        this.parameters = Map.copyOf(parameters);
        this.profiles = Map.copyOf(profiles);
        for (Model model : models) {
            for (String field : model.requestFields()) {
                boolean bounded = field.equals("size") || field.equals("quality") || model.options().containsKey(field)
                        || parameters.containsKey(field);
                if (!bounded) {
                    throw new IllegalStateException("model " + model.id() + " takes " + field + ", which the catalog gives no values for");
                }
            }
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
     * Checks generation parameters against the model they name (or the default): the model is one
     * the catalog knows and its provider still serves (or {@value #ALLOW_RETIRED} names it), every
     * name is one the model takes, and every value is one of its values or within its range. The
     * field errors are prefixed with {@code field} (for example {@code parameters}).
     */
    public List<Problem.FieldError> check(String field, Map<String, Object> parameters) {
        return check(field, parameters, LocalDate.now(ZoneOffset.UTC));
    }

    /** {@link #check(String, Map)} as on {@code day}. */
    public List<Problem.FieldError> check(String field, Map<String, Object> parameters, LocalDate day) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Object modelId = parameters.getOrDefault("model", defaultModel);
        Model model = modelId instanceof String id ? models.get(id) : null;
        if (model == null) {
            errors.add(Problem.FieldError.of(field + ".model", "unknown model " + shown(modelId) + "; known: " + String.join(", ", usableIds(day))));
            return errors;
        }
        if (!model.servedOn(day) && !allowedRetired().contains(model.id())) {
            Availability availability = model.availability();
            errors.add(Problem.FieldError.of(field + ".model", model.id() + " was shut down by its provider on " + availability.shutdown()
                    + "; use " + availability.successor() + ", its successor (a server that still serves " + model.id()
                    + " can be allowed with " + ALLOW_RETIRED + ")"));
            return errors;
        }
        Set<String> names = model.parameterNames(this.parameters);
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            Parameter rule = this.parameters.get(name);
            String note = rule == null || rule.note() == null ? "" : " (" + rule.note() + ")";
            if (!names.contains(name)) {
                errors.add(Problem.FieldError.of(field + "." + shown(name), "not a parameter of " + model.id() + note
                        + "; it takes " + String.join(", ", names)));
            } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                errors.add(Problem.FieldError.of(field + "." + name, "must be a single value, not a list or an object"));
            } else if (value != null && rule != null) {
                checkValue(field + "." + name, value, rule, note).ifPresent(errors::add);
            }
        }
        if (!errors.isEmpty()) {
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

    private static Optional<Problem.FieldError> checkValue(String field, Object value, Parameter rule, String note) {
        if (rule.values() != null) {
            if (rule.values().contains(String.valueOf(value))) {
                return Optional.empty();
            }
            String allowed = rule.values().isEmpty() ? "takes no value here" : "must be " + String.join(" or ", rule.values());
            return Optional.of(Problem.FieldError.of(field, allowed + note));
        }
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
                || value instanceof Short || value instanceof Byte;
        if (whole) {
            BigDecimal number = new BigDecimal(value.toString());
            if (number.compareTo(BigDecimal.valueOf(rule.min())) >= 0 && number.compareTo(BigDecimal.valueOf(rule.max())) <= 0) {
                return Optional.empty();
            }
        }
        return Optional.of(Problem.FieldError.of(field, "must be a whole number from " + rule.min() + " to " + rule.max() + note));
    }

    /** A refused value as a problem repeats it: its first {@value #SHOWN} characters. */
    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }

    /** The models a request may name on {@code day}: those still served, and those {@value #ALLOW_RETIRED} allows. */
    public List<Model> usable(LocalDate day) {
        Set<String> allowed = allowedRetired();
        return models().stream().filter(m -> m.servedOn(day) || allowed.contains(m.id())).toList();
    }

    private List<String> usableIds(LocalDate day) {
        return usable(day).stream().map(Model::id).toList();
    }

    private static Set<String> allowedRetired() {
        return Set.copyOf(ConfigProvider.getConfig().getOptionalValues(ALLOW_RETIRED, String.class).orElse(List.of()));
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
            Document doc = new ObjectMapper().registerModule(new JavaTimeModule()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class);
            return new ModelCatalog(doc.defaultModel(), doc.parameters(), doc.models(), doc.tuningProfiles());
        } catch (IOException e) {
            throw new UncheckedIOException("the model catalog cannot be read", e);
        }
    }
}
