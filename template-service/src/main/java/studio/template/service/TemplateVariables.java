package studio.template.service;

import java.util.List;

/**
 * A template's declared variables as stored: a JSON object around the list, because Hibernate
 * Reactive binds JSON columns as objects only.
 */
public record TemplateVariables(List<TemplateVariable> declared) {

    public static TemplateVariables of(List<TemplateVariable> declared) {
        return new TemplateVariables(declared == null ? List.of() : List.copyOf(declared));
    }

    public static List<TemplateVariable> list(TemplateVariables variables) {
        return variables == null || variables.declared() == null ? List.of() : variables.declared();
    }
}
