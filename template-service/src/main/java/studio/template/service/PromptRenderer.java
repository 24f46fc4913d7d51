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
        return render(template, List.of(), row);
    }

    /**
     * Renders with the declared variables: a value absent from the row takes the declared default;
     * a variable declared as not required becomes empty; any other absent value is missing.
     */
    public static Rendered render(String template, List<TemplateVariable> declared, Map<String, String> row) {
        Map<String, TemplateVariable> byName = new java.util.HashMap<>();
        declared.forEach(v -> byName.put(v.name(), v));
        Set<String> used = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        String prompt = substitutor(name -> {
            used.add(name);
            String value = row.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
            TemplateVariable variable = byName.get(name);
            if (variable != null && variable.defaultValue() != null) {
                return variable.defaultValue();
            }
            if (variable != null && !variable.isRequired()) {
                return "";
            }
            if (!missing.contains(name)) {
                missing.add(name);
            }
            return null;
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
