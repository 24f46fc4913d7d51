package studio.common.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

    /** One model's entry. {@code customSizes}: any WIDTHxHEIGHT within the provider's rules is accepted. */
    public record Model(String id, String provider, String family, List<String> sizes, boolean customSizes,
            List<String> qualities, int maxPromptLength, boolean supportsSeed, boolean supportsNegativePrompt) {
    }

    record Document(String defaultModel, List<Model> models) {
    }

    private static final ModelCatalog BUILT_IN = load();

    private final String defaultModel;
    private final Map<String, Model> models;

    private ModelCatalog(String defaultModel, List<Model> models) {
        this.defaultModel = defaultModel;
        this.models = models.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Model::id, m -> m));
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
     * Checks generation parameters ({@code model}, {@code size}, {@code quality}) and the prompt
     * length against the model; the field errors are prefixed with {@code field} (for example
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
            return new ModelCatalog(doc.defaultModel(), doc.models());
        } catch (IOException e) {
            throw new UncheckedIOException("the model catalog cannot be read", e);
        }
    }
}
