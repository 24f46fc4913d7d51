package studio.template.intelligence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * Auto-enhance: a product name (with an optional category, strain type and brand) becomes a strong,
 * deterministic product prompt from the knowledge base, for example "Blue Dream" as flower becomes
 * "Blue Dream cannabis flower, macro photography, trichomes visible, purple hues, professional studio
 * lighting".
 */
@ApplicationScoped
public class PromptEnhancer {

    /** Categories whose pictures show the plant itself, where strain colours mean something. */
    private static final List<String> PLANT_CATEGORIES = List.of("flower", "pre-rolls");

    private final PromptKnowledge knowledge;

    public PromptEnhancer() {
        this(PromptKnowledge.builtIn());
    }

    PromptEnhancer(PromptKnowledge knowledge) {
        this.knowledge = knowledge;
    }

    /**
     * The prompt and how it was made: the category used (given, found in the name, or none: a generic
     * product), and the phrases in order.
     */
    public record Enhanced(String prompt, String category, String categorySource, List<String> parts) {
    }

    public Enhanced enhance(String productName, String category, String strainType, String brand) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String name = productName == null ? "" : productName.strip().replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            errors.add(Problem.FieldError.of("productName", "is required"));
        } else if (name.length() > 200) {
            errors.add(Problem.FieldError.of("productName", "is longer than 200 characters"));
        }
        String key = null;
        String source = "generic";
        if (category != null && !category.isBlank()) {
            key = knowledge.category(category).orElse(null);
            source = "given";
            if (key == null) {
                errors.add(Problem.FieldError.of("category", "unknown; known: " + String.join(", ", knowledge.categories().keySet())));
            }
        }
        String strain = strainType == null || strainType.isBlank() ? null : strainType.strip().toLowerCase(Locale.ROOT);
        if (strain != null && !knowledge.strainTypes().containsKey(strain)) {
            errors.add(Problem.FieldError.of("strainType", "unknown; known: " + String.join(", ", knowledge.strainTypes().keySet())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The product cannot be enhanced.", errors);
        }
        if (key == null) {
            key = knowledge.categoryIn(name).orElse(null);
            source = key == null ? "generic" : "name";
        }
        PromptKnowledge.Category c = key == null ? knowledge.genericCategory() : knowledge.categories().get(key);

        List<String> parts = new ArrayList<>();
        // the subject: the name, then the category's noun unless the name already says it
        boolean named = key != null && c.aliases().stream().anyMatch(alias -> PromptKnowledge.matcher(name, alias).find());
        String subject = named ? name : name + " " + c.subject();
        if (brand != null && !brand.isBlank()) {
            subject += " by " + brand.strip();
        }
        parts.add(subject);
        parts.addAll(c.phrases());
        if (key != null && PLANT_CATEGORIES.contains(key)) {
            String hue = strain != null ? knowledge.strainTypes().get(strain) : hint(name);
            if (hue != null) {
                parts.add(hue);
            }
        }
        parts.add(c.lighting());
        return new Enhanced(String.join(", ", parts), key, source, List.copyOf(parts));
    }

    /** A colour the product's name suggests ("Blue Dream": purple hues), if one does. */
    private String hint(String name) {
        for (Map.Entry<String, String> e : knowledge.strainHints().entrySet()) {
            if (PromptKnowledge.matcher(name, e.getKey()).find()) {
                return e.getValue();
            }
        }
        return null;
    }
}
