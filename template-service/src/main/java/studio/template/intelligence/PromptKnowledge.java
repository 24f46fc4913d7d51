package studio.template.intelligence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the prompt tools know offline ({@code studio/prompt-knowledge.json}): the words that show a
 * prompt has a subject, lighting, composition and a background; vague and filler words; styles that
 * conflict; terms refused for cannabis products; and per product category and strain type, the
 * phrases of a strong product prompt.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptKnowledge(List<String> subjectWords, List<String> lightingWords, List<String> compositionWords,
        List<String> backgroundWords, Map<String, String> vagueWords, List<String> fillerWords, List<Conflict> styleConflicts,
        List<PolicyTerms> policyTerms, Map<String, Category> categories, Map<String, String> strainTypes,
        Map<String, String> strainHints, Category genericCategory) {

    /** Two groups of style words that pull a picture in opposite directions, on one aspect. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conflict(List<String> a, List<String> b, String aspect) {
    }

    /** Terms of one kind the content policy refuses, why, and what to do instead. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PolicyTerms(String kind, List<String> terms, String message, String suggestion) {
    }

    /** A product category: words that name it, its subject noun, descriptive phrases and its lighting. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Category(List<String> aliases, String subject, List<String> phrases, String lighting) {
    }

    /** The knowledge base on the classpath, read once. */
    public static PromptKnowledge builtIn() {
        return BuiltIn.KNOWLEDGE;
    }

    private static final class BuiltIn {
        static final PromptKnowledge KNOWLEDGE = load();
    }

    private static PromptKnowledge load() {
        try (InputStream in = PromptKnowledge.class.getResourceAsStream("/studio/prompt-knowledge.json")) {
            if (in == null) {
                throw new IllegalStateException("studio/prompt-knowledge.json is missing from the classpath");
            }
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, PromptKnowledge.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of these terms that occurs in {@code text} as whole words (case-insensitive). */
    public static Optional<String> firstIn(String text, List<String> terms) {
        for (String term : terms) {
            if (matcher(text, term).find()) {
                return Optional.of(term);
            }
        }
        return Optional.empty();
    }

    /** Every occurrence of {@code term} in {@code text} as whole words. */
    public static Matcher matcher(String text, String term) {
        return PATTERNS.computeIfAbsent(term.toLowerCase(Locale.ROOT), t -> Pattern.compile(
                "(?<![\\p{L}\\p{N}])" + Pattern.quote(t) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).matcher(text);
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The category named by {@code name} (a key or an alias), if any. */
    public Optional<String> category(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return categories.entrySet().stream()
                .filter(e -> e.getKey().equals(wanted) || e.getValue().aliases().contains(wanted))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The category whose aliases occur in {@code text}, if one does (the longest alias wins). */
    public Optional<String> categoryIn(String text) {
        String best = null;
        int longest = 0;
        for (var e : categories.entrySet()) {
            for (String alias : e.getValue().aliases()) {
                if (alias.length() > longest && matcher(text, alias).find()) {
                    best = e.getKey();
                    longest = alias.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
