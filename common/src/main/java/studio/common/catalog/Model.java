package studio.common.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One model's entry. {@code customSizes}: any WIDTHxHEIGHT within the provider's rules is
 * accepted. {@code tuning} names the model's {@link TuningProfile}; {@code requestFields} are the
 * generation parameters its API takes, {@code requestDefaults} what is always sent;
 * {@code qualityPresets} maps Standard, HD and Ultra to parameters; {@code pricing} what a call
 * costs; {@code options} the values each of its other enumerated settings takes (gpt-image-2.6's
 * {@code complexity}, say).
 */
public record Model(String id, String provider, String family, List<String> sizes, boolean customSizes,
        List<String> qualities, int maxPromptLength, String tuning, List<String> requestFields,
        Map<String, Object> requestDefaults, Map<String, Map<String, Object>> qualityPresets, Pricing pricing,
        Map<String, List<String>> options, Availability availability) {

    public Model {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Whether the provider still serves this model on {@code day} (a model without a shutdown date always is). */
    public boolean servedOn(LocalDate day) {
        return availability == null || availability.shutdown() == null || day.isBefore(availability.shutdown());
    }

    /**
     * The names {@code parameters} may carry for this model: {@code model}, {@code seed}, the
     * fields its API takes, and those of its fixed fields a request may state (at their one value).
     */
    public Set<String> parameterNames(Map<String, ModelCatalog.Parameter> rules) {
        Set<String> names = new LinkedHashSet<>(List.of("model"));
        names.addAll(requestFields);
        names.add("seed");
        requestDefaults.keySet().stream().filter(rules::containsKey).forEach(names::add);
        return names;
    }

    /** The catalog's estimate of one image of this model with these parameters and this prompt, in USD. */
    public BigDecimal estimate(Map<String, Object> parameters, int promptLength) {
        return pricing.estimate(parameters, promptLength);
    }

    /**
     * The exact body of an images request for this model: model, prompt, one image, the
     * model's fixed fields, then those of {@code parameters} that its API takes. Anything else
     * (a seed for a model without one, say) stays metadata and is not sent.
     */
    public Map<String, Object> providerRequest(String prompt, Map<String, Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", id);
        body.put("prompt", prompt);
        body.put("n", 1);
        body.putAll(requestDefaults);
        for (String field : requestFields) {
            if (parameters.get(field) != null) {
                body.put(field, parameters.get(field));
            }
        }
        return body;
    }

    /**
     * When a provider stops serving a model ({@code shutdown}, the first day it no longer answers),
     * what it recommends instead, and where that was read.
     */
    public record Availability(LocalDate shutdown, String successor, String source) {
    }
}
