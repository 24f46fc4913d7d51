package studio.template.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

/**
 * Fills a template's {@code {variable}} placeholders from one row of values (Apache Commons Text).
 * {@code \{name}} writes a literal {@code {name}}; values are inserted as they are, never expanded
 * again. Reports every variable the template needs that the row lacks, and every row value the
 * template does not use (most often a misspelt column).
 */
public final class PromptRenderer {

    /** One rendered row: the prompt, and what was missing or unknown (both empty when it is good). */
    public record Rendered(String prompt, List<String> missing, List<String> unknown) {

        public boolean ok() {
            return missing.isEmpty() && unknown.isEmpty();
        }
    }

    private PromptRenderer() {
    }

    /** The variables a template uses, in order of first appearance. */
    public static List<String> variables(String template) {
        Set<String> used = new LinkedHashSet<>();
        substitutor(name -> {
            used.add(name);
            return "";
        }).replace(template);
        return List.copyOf(used);
    }

    public static Rendered render(String template, Map<String, String> row) {
        Set<String> used = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        String prompt = substitutor(name -> {
            used.add(name);
            String value = row.get(name);
            if (value == null || value.isBlank()) {
                if (!missing.contains(name)) {
                    missing.add(name);
                }
                return null;
            }
            return value.strip();
        }).replace(template);
        List<String> unknown = row.keySet().stream().filter(key -> !used.contains(key)).sorted().toList();
        return new Rendered(prompt, List.copyOf(missing), unknown);
    }

    private static StringSubstitutor substitutor(StringLookup lookup) {
        StringSubstitutor substitutor = new StringSubstitutor(lookup, "{", "}", '\\');
        substitutor.setDisableSubstitutionInValues(true);
        return substitutor;
    }
}
