package studio.common.catalog;

import java.util.List;

/**
 * How a family of models takes the tuning settings: each entry says whether a setting becomes
 * request text ({@code phrasing}, {@code fold}, {@code separator}), a request parameter
 * ({@code parameter}), a prompt weight ({@code weight}), or stays metadata ({@code metadata}).
 */
public record TuningProfile(String description, PromptWeights promptWeights, Setting negativePrompt, Setting seed,
        Slider styleStrength, Slider creativity, Slider detailLevel, Mix mix) {

    /** Explicit prompt weights, for example {@code ({text}:{weight})}, clamped to [min, max]. */
    public record PromptWeights(String syntax, double min, double max) {
    }

    /** A setting without a scale: {@code apply} is parameter (named {@code parameter}), fold (into {@code template}), separator or metadata. */
    public record Setting(String apply, String parameter, String template, String separator) {
    }

    /**
     * A 0-100 setting: {@code phrasing} (below {@code lowBelow} the {@code low} text, above
     * {@code highAbove} the {@code high} text, else {@code neutral} or nothing), {@code parameter}
     * (linear from {@code from} at 0 to {@code to} at 100) or {@code weight} (a prompt weight).
     */
    public record Slider(String apply, Integer lowBelow, Integer highAbove, String low, String neutral, String high,
            String parameter, Double from, Double to) {
    }

    /** Style mixing: {@code weight} (prompt weights) or {@code phrasing} (tiers by share, strongest first). */
    public record Mix(String apply, String intro, String separator, List<MixTier> tiers) {
    }

    /** The phrase for a style whose share is at least {@code from} percent. */
    public record MixTier(int from, String phrase) {
    }
}
