package studio.template.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.template.repository.PromptTemplateVersion;

/**
 * Rendering templates: every row of a batch with a saved version (reporting each row's missing and
 * unknown variables, never failing on one), and unsaved text with sample values for the editor's
 * live preview, with every problem of the text.
 */
@ApplicationScoped
public class TemplateRendering {

    private final TemplateService library;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public TemplateRendering(TemplateService library) {
        this.library = library;
    }

    /** One row of a bulk render: its position, the prompt, and what it lacks or has in excess. */
    public record RenderedRow(int row, String prompt, List<String> missing, List<String> unknown) {
    }

    /** The outcome of rendering many rows with one template version; {@code invalidRows} counts rows with errors. */
    public record RenderReport(UUID templateId, int version, List<String> variables, List<RenderedRow> rows, int invalidRows) {
    }

    /** A live preview of unsaved text: the prompt, every problem, and its length against the model's limit. */
    public record Preview(String prompt, List<String> variables, List<Problem.FieldError> problems, List<String> missing,
            int length, int maxLength, String model) {
    }

    /** Renders every row with a version of the template (the current one by default); never fails on a bad row, it reports it. */
    @WithSession
    public Uni<RenderReport> render(UUID vendorId, UUID templateId, Integer version, List<Map<String, String>> rows) {
        Uni<PromptTemplateVersion> source = version == null
                ? library.get(vendorId, templateId).map(PromptTemplateVersion::of)
                : library.version(vendorId, templateId, version);
        return source.map(v -> {
            List<TemplateVariable> declared = TemplateVariables.list(v.variables);
            List<RenderedRow> rendered = new ArrayList<>(rows.size());
            int invalid = 0;
            for (int i = 0; i < rows.size(); i++) {
                PromptRenderer.Rendered r = PromptRenderer.render(v.promptText, declared, rows.get(i));
                rendered.add(new RenderedRow(i, r.prompt(), r.missing(), r.unknown()));
                invalid += r.ok() ? 0 : 1;
            }
            return new RenderReport(v.templateId, v.version, PromptRenderer.variables(v.promptText), rendered, invalid);
        });
    }

    /** Renders text that is not saved yet with sample values, and says everything that is wrong with it. */
    public Preview preview(String promptText, List<TemplateVariable> variables, Map<String, String> sample, String modelId) {
        List<TemplateVariable> declared = variables == null ? List.of() : variables;
        List<Problem.FieldError> problems = new ArrayList<>(textProblems(promptText, declared));
        Model model = modelOrProblem(modelId == null ? Map.of() : Map.of("model", modelId), problems, "model");
        PromptRenderer.Rendered rendered = PromptRenderer.render(promptText, declared, sample == null ? Map.of() : sample);
        int max = model == null ? 0 : model.maxPromptLength();
        if (model != null && rendered.prompt().length() > max) {
            problems.add(Problem.FieldError.of("promptText", "the rendered prompt is " + rendered.prompt().length()
                    + " characters; " + model.id() + " takes at most " + max));
        }
        return new Preview(rendered.prompt(), PromptRenderer.variables(promptText), problems, rendered.missing(),
                rendered.prompt().length(), max, model == null ? modelId : model.id());
    }

    /** The problems of a template's text: malformed placeholders, bad or repeated variable names, undeclared variables. */
    static List<Problem.FieldError> textProblems(String text, List<TemplateVariable> declared) {
        List<Problem.FieldError> problems = new ArrayList<>();
        for (Placeholders.Malformed m : Placeholders.check(text)) {
            problems.add(Problem.FieldError.of("promptText", "at character " + m.position() + ": " + m.message()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            TemplateVariable v = declared.get(i);
            if (v == null || v.name() == null || !Placeholders.NAME.matcher(v.name()).matches()) {
                problems.add(Problem.FieldError.of("variables[" + i + "].name", "must be letters, digits and _, starting with a letter or _"));
            } else if (!names.add(v.name())) {
                problems.add(Problem.FieldError.of("variables[" + i + "].name", "declared twice: " + v.name()));
            }
        }
        if (problems.isEmpty()) {
            for (String used : PromptRenderer.variables(text)) {
                if (!names.contains(used) && !TemplateVariable.STANDARD.containsKey(used)) {
                    problems.add(Problem.FieldError.of("promptText", "{" + used + "} is neither a standard variable ("
                            + String.join(", ", TemplateVariable.STANDARD.keySet().stream().sorted().toList())
                            + ") nor declared in variables"));
                }
            }
        }
        return problems;
    }

    private Model modelOrProblem(Map<String, Object> parameters, List<Problem.FieldError> problems, String field) {
        List<Problem.FieldError> errors = catalog.check("parameters", parameters);
        if (!errors.isEmpty()) {
            errors.forEach(e -> problems.add(Problem.FieldError.of(field, e.message())));
            return null;
        }
        return catalog.modelFor(parameters);
    }
}
