package studio.common.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
     * The values one generation parameter may take: one of {@code values}, or a whole number from
     * {@code min} to {@code max}; {@code note} says why, when the reason is not the provider's.
     */
    public record Parameter(List<String> values, Long min, Long max, String note) {
    }

    /** The longest piece of a refused value a problem repeats. */
    private static final int SHOWN = 40;

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

    /** The image formats a model's images may be asked in ({@code output_format}); empty for a model without the choice. */
    public List<String> outputFormats(Model model) {
        Parameter rule = parameters.get("output_format");
        return rule != null && rule.values() != null && model.requestFields().contains("output_format") ? rule.values() : List.of();
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
            Model.Availability availability = model.availability();
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
        Object format = parameters.getOrDefault("output_format", model.requestDefaults().get("output_format"));
        if (parameters.get("output_compression") != null && !"jpeg".equals(String.valueOf(format))) {
            errors.add(Problem.FieldError.of(field + ".output_compression", "applies to output_format jpeg only"));
        }
        if ("transparent".equals(String.valueOf(parameters.get("background"))) && "jpeg".equals(String.valueOf(format))) {
            errors.add(Problem.FieldError.of(field + ".background", "transparent needs output_format png: jpeg has no transparency"));
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
