package studio.batch.service;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import studio.batch.client.StyleClient;

/**
 * How the images of a request should look: a style or a mix of styles, tuning (style strength,
 * creativity, ...) and the model's parameters. A batch, a single image and each variant of an A/B
 * test carry one; style-service composes it into the prompts ({@link PromptRendering}).
 */
public record Look(UUID styleId, List<StyleClient.MixPart> mix, Map<String, Object> tuning, Map<String, Object> parameters) {

    /** The model's parameters as sent, none as an empty map. */
    public Map<String, Object> parametersOrEmpty() {
        return parameters == null ? Map.of() : parameters;
    }

    /** Whether style-service has something to compose in (a style, a mix or tuning). */
    boolean needsComposition() {
        return styleId != null || mix != null || (tuning != null && !tuning.isEmpty());
    }

    /** The parameters a job carries when nothing is composed: the request's, without the model (the job names it apart). */
    Map<String, Object> jobParameters() {
        Map<String, Object> jobParameters = new HashMap<>(parametersOrEmpty());
        jobParameters.remove("model");
        return jobParameters;
    }

    /** What the look names, as a batch's {@code config} and the A/B statistics record it (ids as text, nothing null). */
    Map<String, Object> described() {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (styleId != null) {
            settings.put("styleId", styleId.toString());
        }
        if (mix != null) {
            settings.put("mix", mix.stream().map(p -> Map.of("styleId", String.valueOf(p.styleId()), "weight", p.weight())).toList());
        }
        if (tuning != null && !tuning.isEmpty()) {
            settings.put("tuning", tuning);
        }
        if (parameters != null && !parameters.isEmpty()) {
            settings.put("parameters", parameters);
        }
        return settings;
    }
}
