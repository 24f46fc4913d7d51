package studio.template.intelligence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.ProblemException;
import studio.template.service.PromptRenderer;

/**
 * The prompt analyzer: a score from 100 down and concrete findings, each with a suggestion, from the
 * knowledge base's rules (no network): what the prompt leaves out (subject, lighting, composition,
 * background), vague, filler and repeated words, styles that conflict, its length against the model's
 * limit, settings the model ignores, and terms the content policy refuses for cannabis products. A
 * suggested rewrite drops the vague and filler words and adds what is missing.
 */
@ApplicationScoped
public class PromptAnalyzer {

    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    private static final Map<String, Integer> COST = Map.of(ERROR, 30, WARNING, 15, INFO, 5);
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'-]{3,}");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> COMMON = Set.of("with", "from", "into", "onto", "over", "under", "that", "this", "their", "there",
            "your", "for", "and", "the", "light", "lighting", "style", "background", "photo", "photography", "shot", "product");

    private final PromptKnowledge knowledge;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public PromptAnalyzer() {
        this(PromptKnowledge.builtIn());
    }

    PromptAnalyzer(PromptKnowledge knowledge) {
        this.knowledge = knowledge;
    }

    /** One finding: a stable code, how much it matters, what is wrong, what to do, and the words it is about. */
    public record Finding(String code, String severity, String message, String suggestion, String term) {
    }

    /** The analysis: score (0 to 100), findings (worst first), a suggested rewrite, and the length against the model's limit. */
    public record Analysis(int score, List<Finding> findings, String suggestedPrompt, String model, int length, int maxLength) {
    }

    public Analysis analyze(String prompt, Map<String, Object> parameters, String category) {
        Map<String, Object> params = parameters == null ? Map.of() : parameters;
        var problems = catalog.check("parameters", params);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The parameters are invalid.", problems);
        }
        Model model = catalog.modelFor(params);
        // placeholders read as their names, rendered as templates are: {product_name} names the subject
        Map<String, String> names = new LinkedHashMap<>();
        PromptRenderer.variables(prompt).forEach(name -> names.put(name, " " + name.replace('_', ' ') + " "));
        String text = PromptRenderer.render(prompt, names).prompt();
        String lower = text.toLowerCase(Locale.ROOT);
        List<Finding> findings = new ArrayList<>();

        for (PromptKnowledge.PolicyTerms policy : knowledge.policyTerms()) {
            for (String term : policy.terms()) {
                if (PromptKnowledge.matcher(lower, term).find()) {
                    findings.add(new Finding("content-policy", ERROR, "'" + term + "' " + policy.message() + " (" + policy.kind() + ")",
                            policy.suggestion(), term));
                }
            }
        }
        int length = prompt.length();
        if (length > model.maxPromptLength()) {
            findings.add(new Finding("too-long", ERROR, "The prompt is " + length + " characters; " + model.id() + " takes at most "
                    + model.maxPromptLength() + ".", "Cut repeated and filler words, or move detail into a style.", null));
        }
        String categoryKey = knowledge.category(category).or(() -> knowledge.categoryIn(lower)).orElse(null);
        boolean hasSubject = prompt.contains("{product_name}") || categoryKey != null
                || PromptKnowledge.firstIn(lower, knowledge.subjectWords()).isPresent();
        if (!hasSubject) {
            findings.add(new Finding("missing-subject", WARNING, "The prompt does not say which product to show.",
                    "Start with the product: \"{product_name} cannabis flower, …\" or name the item.", null));
        }
        for (PromptKnowledge.Conflict conflict : knowledge.styleConflicts()) {
            Optional<String> a = PromptKnowledge.firstIn(lower, conflict.a());
            Optional<String> b = PromptKnowledge.firstIn(lower, conflict.b());
            if (a.isPresent() && b.isPresent()) {
                findings.add(new Finding("conflicting-styles", WARNING, "'" + a.get() + "' and '" + b.get() + "' pull the " + conflict.aspect()
                        + " two ways.", "Keep one of them.", a.get() + " / " + b.get()));
            }
        }
        long words = TOKEN.matcher(lower).results().count();
        if (words < 4) {
            findings.add(new Finding("too-short", WARNING, "The prompt has " + words + " descriptive word(s); the model will guess the rest.",
                    "Describe the subject, the light, the framing and the background.", null));
        }
        if (PromptKnowledge.firstIn(lower, knowledge.lightingWords()).isEmpty()) {
            findings.add(new Finding("missing-lighting", WARNING, "The prompt does not say how the scene is lit.",
                    "Add lighting, for example \"" + lightingFor(categoryKey) + "\".", null));
        }
        if (PromptKnowledge.firstIn(lower, knowledge.compositionWords()).isEmpty()) {
            findings.add(new Finding("missing-composition", INFO, "The prompt does not say how the picture is framed.",
                    "Add framing, for example \"" + compositionFor(categoryKey) + "\".", null));
        }
        if (PromptKnowledge.firstIn(lower, knowledge.backgroundWords()).isEmpty()) {
            findings.add(new Finding("missing-background", INFO, "The prompt does not say what is behind the product.",
                    "Add a background, for example \"clean seamless background\".", null));
        }
        for (var vague : knowledge.vagueWords().entrySet()) {
            if (PromptKnowledge.matcher(lower, vague.getKey()).find()) {
                findings.add(new Finding("vague-word", INFO, "'" + vague.getKey() + "' tells the model little.", vague.getValue(), vague.getKey()));
            }
        }
        for (String filler : knowledge.fillerWords()) {
            if (PromptKnowledge.matcher(lower, filler).find()) {
                findings.add(new Finding("filler-word", INFO, "'" + filler + "' does not change what image models draw.",
                        "Drop it; describe the detail you want instead.", filler));
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        WORD.matcher(lower).results().map(r -> r.group()).filter(w -> !COMMON.contains(w)).forEach(w -> counts.merge(w, 1, Integer::sum));
        counts.forEach((word, n) -> {
            if (n > 1) {
                findings.add(new Finding("repeated-word", INFO, "'" + word + "' appears " + n + " times.", "Say it once.", word));
            }
        });
        for (String key : params.keySet()) {
            if (!"model".equals(key) && !model.requestFields().contains(key)) {
                findings.add(new Finding("ignored-setting", INFO, ignored(key, model), "Leave it out, or choose a model that takes it.", key));
            }
        }
        findings.sort((x, y) -> Integer.compare(COST.get(y.severity()), COST.get(x.severity())));
        int score = Math.max(0, 100 - findings.stream().mapToInt(f -> COST.get(f.severity())).sum());
        return new Analysis(score, List.copyOf(findings), rewrite(prompt, findings, categoryKey), model.id(), length,
                model.maxPromptLength());
    }

    private static String ignored(String key, Model model) {
        if ("seed".equals(key)) {
            return model.id() + " takes no seed: the Images API has none, so the seed is kept as metadata only and the same"
                    + " prompt can give a different image.";
        }
        return model.id() + " does not take '" + key + "'; it is not sent.";
    }

    private String lightingFor(String categoryKey) {
        return categoryKey == null ? knowledge.genericCategory().lighting() : knowledge.categories().get(categoryKey).lighting();
    }

    private String compositionFor(String categoryKey) {
        PromptKnowledge.Category c = categoryKey == null ? knowledge.genericCategory() : knowledge.categories().get(categoryKey);
        return c.phrases().get(0);
    }

    /** The prompt without its vague and filler words, with what it lacks added; refused terms are left for the vendor. */
    private String rewrite(String prompt, List<Finding> findings, String categoryKey) {
        String text = prompt;
        for (Finding f : findings) {
            if ("vague-word".equals(f.code()) || "filler-word".equals(f.code())) {
                Matcher m = PromptKnowledge.matcher(text, f.term());
                text = m.replaceAll("");
            }
        }
        text = text.replaceAll("\\s+,", ",").replaceAll(",\\s*,+", ",").replaceAll("\\s{2,}", " ").strip();
        text = text.replaceAll("^[,\\s]+|[,\\s]+$", "");
        List<String> additions = new ArrayList<>();
        for (Finding f : findings) {
            switch (f.code()) {
                case "missing-composition" -> additions.add(compositionFor(categoryKey));
                case "missing-lighting" -> additions.add(lightingFor(categoryKey));
                case "missing-background" -> additions.add("clean seamless background");
                default -> {
                }
            }
        }
        return additions.isEmpty() ? text : text + ", " + String.join(", ", additions);
    }
}
