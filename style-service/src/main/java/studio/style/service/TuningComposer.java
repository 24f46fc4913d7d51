package studio.style.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.catalog.TuningProfile;

/**
 * Turns rendered prompts, a style or a mix, and tuning into the exact provider requests for a
 * model, reporting how each setting was applied. Everything model-specific comes from the model
 * catalog's entry and its tuning profile; this class has no branch per model. Deterministic: the
 * same input gives the same text (mix components are ordered by weight, then name, then id).
 */
public final class TuningComposer {

    /** A style in a composition, with its share in percent (100 for a single style). */
    public record StyleShare(UUID styleId, String name, String suffix, String negativePrompt, int weight) {
    }

    /** How one setting reached the request: {@code how} is prompt text, request parameter, prompt weight, metadata or ignored. */
    public record Applied(String setting, Object value, String how, String detail) {
    }

    /**
     * The result: the provider request per prompt, the parameters a job carries (request fields
     * plus metadata such as a seed), and the report.
     */
    public record Composed(String model, List<String> prompts, List<Map<String, Object>> requests,
            Map<String, Object> parameters, Map<String, Object> metadata, List<Applied> applied) {
    }

    private static final int NEUTRAL = 50;

    private final ModelCatalog catalog;

    public TuningComposer(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code parameters} must already have passed {@link ModelCatalog#check}. */
    public Composed compose(List<String> prompts, List<StyleShare> styles, Tuning tuning, Map<String, Object> parameters) {
        Model model = catalog.modelFor(parameters);
        TuningProfile profile = catalog.tuning(model);
        Map<String, Object> params = new LinkedHashMap<>(parameters);
        params.remove("model");
        Map<String, Object> metadata = new LinkedHashMap<>();
        List<Applied> applied = new ArrayList<>();

        applyQualityPreset(model, tuning.quality(), parameters, params, applied);
        StyleText style = styleText(model, profile, styles, tuning.styleStrength(), applied);
        List<String> phrases = new ArrayList<>();
        slider("creativity", tuning.creativity(), profile.creativity(), model, phrases, params, applied);
        slider("detailLevel", tuning.detailLevel(), profile.detailLevel(), model, phrases, params, applied);
        String negative = negativeText(tuning, styles);
        applySeed(model, profile, tuning.seed(), params, metadata, applied);
        if (negative != null) {
            applied.add(negativeReport(model, profile, negative, params));
        }

        List<String> finalPrompts = new ArrayList<>(prompts.size());
        List<Map<String, Object>> requests = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            String text = style.apply(prompt);
            for (String phrase : phrases) {
                text = trimEnd(text) + ", " + phrase;
            }
            if (negative != null) {
                text = withNegative(profile.negativePrompt(), text, negative);
            }
            finalPrompts.add(text);
            requests.add(model.providerRequest(text, params));
        }
        return new Composed(model.id(), finalPrompts, requests, params, metadata, applied);
    }

    private static void applyQualityPreset(Model model, String preset, Map<String, Object> given,
            Map<String, Object> params, List<Applied> applied) {
        if (preset == null) {
            return;
        }
        Map<String, Object> values = model.qualityPresets().getOrDefault(preset, Map.of());
        if (values.isEmpty()) {
            applied.add(new Applied("quality", preset, "ignored", model.id() + " has a single quality level"));
            return;
        }
        List<String> set = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        values.forEach((key, value) -> {
            if (given.containsKey(key)) {
                kept.add(key + "=" + given.get(key));
            } else {
                params.put(key, value);
                set.add(key + "=" + value);
            }
        });
        String detail = set.isEmpty() ? "" : String.join(", ", set);
        if (!kept.isEmpty()) {
            detail += (detail.isEmpty() ? "" : "; ") + "kept the explicit " + String.join(", ", kept);
        }
        if ("ultra".equals(preset) && values.equals(model.qualityPresets().get("hd"))) {
            detail += " (the same as hd: " + model.id() + " has nothing higher)";
        }
        applied.add(new Applied("quality", preset, "request parameter", detail));
    }

    /** The style part of the prompt, by the profile's rule for strength and mixing. */
    private interface StyleText {
        String apply(String prompt);
    }

    private StyleText styleText(Model model, TuningProfile profile, List<StyleShare> styles, Integer strength,
            List<Applied> applied) {
        if (styles.isEmpty()) {
            if (strength != null) {
                applied.add(new Applied("styleStrength", strength, "ignored", "no style was chosen"));
            }
            return prompt -> prompt.strip();
        }
        int s = strength == null ? NEUTRAL : strength;
        TuningProfile.Slider rule = profile.styleStrength();
        List<StyleShare> ordered = styles.stream()
                .sorted(Comparator.comparingInt(StyleShare::weight).reversed().thenComparing(StyleShare::name)
                        .thenComparing(StyleShare::styleId))
                .toList();
        boolean weighted = profile.promptWeights() != null;
        if (weighted && ("weight".equals(rule.apply()) || ordered.size() > 1)) {
            double factor = 0.5 + s / 100.0;
            List<String> parts = new ArrayList<>();
            for (StyleShare share : ordered) {
                double weight = share.weight() / 100.0 * ordered.size() * factor;
                parts.add(weightedText(profile, share.suffix(), weight));
            }
            String joined = String.join(", ", parts);
            applied.add(new Applied(ordered.size() > 1 ? "mix" : "styleStrength", ordered.size() > 1 ? shares(ordered) : s,
                    "prompt weight", joined));
            if (ordered.size() > 1 && strength != null) {
                applied.add(new Applied("styleStrength", s, "prompt weight", "every weight scaled by " + format(factor)));
            }
            return prompt -> (trimEnd(prompt) + ", " + joined).replaceFirst("^[,\\s]+", "");
        }
        String styleText;
        if (ordered.size() == 1) {
            styleText = ordered.get(0).suffix().strip();
        } else {
            List<String> phrases = new ArrayList<>();
            for (StyleShare share : ordered) {
                String phrase = profile.mix().tiers().stream().filter(t -> share.weight() >= t.from()).findFirst()
                        .orElseThrow().phrase();
                phrases.add(phrase.replace("{style}", share.suffix().strip()).replace("{weight}", String.valueOf(share.weight())));
            }
            styleText = profile.mix().intro() + String.join(profile.mix().separator(), phrases);
            applied.add(new Applied("mix", shares(ordered), "prompt text",
                    "ordered strongest first and phrased by share; " + model.id() + " takes no prompt weights"));
        }
        String template = band(rule, s, true);
        applied.add(new Applied("styleStrength", s, "prompt text", describeBand(rule, s)));
        return prompt -> template.replace("{prompt}", trimEnd(prompt)).replace("{style}", styleText).replaceFirst("^[,:\\s]+", "");
    }

    private void slider(String name, Integer value, TuningProfile.Slider rule, Model model, List<String> phrases,
            Map<String, Object> params, List<Applied> applied) {
        if (value == null) {
            return;
        }
        switch (rule.apply()) {
            case "parameter" -> {
                long mapped = Math.round(rule.from() + (rule.to() - rule.from()) * value / 100.0);
                params.put(rule.parameter(), mapped);
                applied.add(new Applied(name, value, "request parameter", rule.parameter() + "=" + mapped));
            }
            case "phrasing" -> {
                String phrase = band(rule, value, false);
                if (phrase != null) {
                    phrases.add(phrase);
                }
                applied.add(new Applied(name, value, "prompt text", describeBand(rule, value)));
            }
            default -> applied.add(new Applied(name, value, "ignored", model.id() + " has no way to take it"));
        }
    }

    /** The text for a value: low, neutral or high; for sliders without a neutral text, null in the middle band. */
    private static String band(TuningProfile.Slider rule, int value, boolean neutralFallback) {
        if (value < rule.lowBelow()) {
            return rule.low();
        }
        if (value > rule.highAbove()) {
            return rule.high();
        }
        return neutralFallback ? rule.neutral() : null;
    }

    private static String describeBand(TuningProfile.Slider rule, int value) {
        if (value < rule.lowBelow()) {
            return "below " + rule.lowBelow() + ": \"" + rule.low() + "\"";
        }
        if (value > rule.highAbove()) {
            return "above " + rule.highAbove() + ": \"" + rule.high() + "\"";
        }
        return "between " + rule.lowBelow() + " and " + rule.highAbove() + ": neutral, nothing added";
    }

    private static void applySeed(Model model, TuningProfile profile, Long seed, Map<String, Object> params,
            Map<String, Object> metadata, List<Applied> applied) {
        if (seed == null) {
            return;
        }
        params.put("seed", seed);
        if ("parameter".equals(profile.seed().apply())) {
            params.put(profile.seed().parameter(), seed);
            applied.add(new Applied("seed", seed, "request parameter", profile.seed().parameter() + "=" + seed));
        } else {
            metadata.put("seed", seed);
            applied.add(new Applied("seed", seed, "metadata", model.id()
                    + " takes no seed: it is kept with the item (and used by the offline placeholder), but the provider"
                    + " will not reproduce an image from it"));
        }
    }

    /** The request's negative prompt and each style's, term by term without repeats; null when there is none. */
    private static String negativeText(Tuning tuning, List<StyleShare> styles) {
        List<String> sources = new ArrayList<>();
        sources.add(tuning.negativePrompt());
        styles.forEach(s -> sources.add(s.negativePrompt()));
        Map<String, String> terms = new LinkedHashMap<>();
        sources.stream().filter(Objects::nonNull).flatMap(n -> java.util.Arrays.stream(n.split(",")))
                .map(String::strip).filter(t -> !t.isEmpty()).forEach(t -> terms.putIfAbsent(t.toLowerCase(Locale.ROOT), t));
        return terms.isEmpty() ? null : String.join(", ", terms.values());
    }

    private static Applied negativeReport(Model model, TuningProfile profile, String negative,
            Map<String, Object> params) {
        TuningProfile.Setting rule = profile.negativePrompt();
        return switch (rule.apply()) {
            case "parameter" -> {
                params.put(rule.parameter(), negative);
                yield new Applied("negativePrompt", negative, "request parameter", rule.parameter());
            }
            case "separator" -> new Applied("negativePrompt", negative, "prompt text",
                    "after the separator '" + rule.separator() + "', as " + model.id() + " reads it");
            case "fold" -> new Applied("negativePrompt", negative, "prompt text", model.id()
                    + " has no negative prompt; folded into the prompt: \"" + rule.template().replace("{prompt}", "…")
                            .replace("{text}", negative) + "\"");
            default -> new Applied("negativePrompt", negative, "ignored", model.id() + " has no way to take it");
        };
    }

    private static String withNegative(TuningProfile.Setting rule, String text, String negative) {
        return switch (rule.apply()) {
            case "fold" -> rule.template().replace("{prompt}", trimEnd(text)).replace("{text}", negative);
            case "separator" -> text + rule.separator() + negative;
            default -> text;
        };
    }

    private static String weightedText(TuningProfile profile, String text, double weight) {
        double clamped = Math.max(profile.promptWeights().min(), Math.min(profile.promptWeights().max(), weight));
        return profile.promptWeights().syntax().replace("{text}", text.strip()).replace("{weight}", format(clamped));
    }

    private static Map<String, Integer> shares(List<StyleShare> ordered) {
        Map<String, Integer> shares = new LinkedHashMap<>();
        ordered.forEach(s -> shares.put(s.name(), s.weight()));
        return shares;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** The prompt without trailing commas, full stops and spaces, so appended text reads as one sentence. */
    static String trimEnd(String prompt) {
        String base = prompt.strip();
        while (base.endsWith(",") || base.endsWith(".")) {
            base = base.substring(0, base.length() - 1).stripTrailing();
        }
        return base;
    }
}
