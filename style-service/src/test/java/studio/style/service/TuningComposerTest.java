package studio.style.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import studio.common.catalog.ModelCatalog;
import studio.style.service.TuningComposer.Applied;
import studio.style.service.TuningComposer.Composed;
import studio.style.service.TuningComposer.StyleShare;

/** Each slider and preset, and mixing, change the provider request as the model catalog says. */
class TuningComposerTest {

    private static final String PROMPT = "Blue Dream cannabis flower, macro shot";
    private static final StyleShare CARTOON = new StyleShare(UUID.fromString("00000000-0000-4000-8000-000000000001"),
            "Cartoon/Anime", "in vibrant cartoon style, bold outlines, playful colors", null, 100);
    private static final StyleShare LUXURY = new StyleShare(UUID.fromString("00000000-0000-4000-8000-000000000004"),
            "Luxury", "premium luxury aesthetic, gold accents, elegant composition", null, 100);

    private final TuningComposer composer = new TuningComposer(ModelCatalog.builtIn());

    private Composed compose(List<StyleShare> styles, Tuning tuning, Map<String, Object> parameters) {
        return composer.compose(List.of(PROMPT), styles, tuning, parameters);
    }

    private static Tuning tuning(Integer strength, Integer creativity, Integer detail, String quality, String negative, Long seed) {
        return new Tuning(strength, creativity, detail, quality, negative, seed);
    }

    private static Applied report(Composed composed, String setting) {
        return composed.applied().stream().filter(a -> a.setting().equals(setting)).findFirst().orElseThrow();
    }

    @Test
    void withoutStyleOrTuningTheRequestIsThePromptAndTheModelsFixedFields() {
        Composed composed = compose(List.of(), Tuning.NONE, Map.of("size", "1024x1024", "quality", "low"));
        assertThat(composed.requests().get(0)).containsExactly(Map.entry("model", "gpt-image-2"), Map.entry("prompt", PROMPT),
                Map.entry("n", 1), Map.entry("output_format", "png"), Map.entry("size", "1024x1024"), Map.entry("quality", "low"));
        assertThat(composed.applied()).isEmpty();
    }

    @Test
    void styleStrengthChangesHowStronglyTheStyleIsWordedForTextOnlyModels() {
        String subtle = compose(List.of(CARTOON), tuning(10, null, null, null, null, null), Map.of()).prompts().get(0);
        String neutral = compose(List.of(CARTOON), tuning(50, null, null, null, null, null), Map.of()).prompts().get(0);
        String strong = compose(List.of(CARTOON), tuning(90, null, null, null, null, null), Map.of()).prompts().get(0);

        assertThat(neutral).isEqualTo(PROMPT + ", " + CARTOON.suffix());
        assertThat(subtle).isEqualTo(PROMPT + ", with a subtle touch of " + CARTOON.suffix());
        assertThat(strong).isEqualTo(PROMPT + ", " + CARTOON.suffix() + "; make this style strong and unmistakable");
        assertThat(report(compose(List.of(CARTOON), tuning(90, null, null, null, null, null), Map.of()), "styleStrength").how())
                .isEqualTo("prompt text");
    }

    @Test
    void styleStrengthBecomesAnExplicitPromptWeightWhereTheModelTakesWeights() {
        Map<String, Object> sd = Map.of("model", "stablediffusion");
        assertThat(compose(List.of(CARTOON), tuning(100, null, null, null, null, null), sd).prompts().get(0))
                .isEqualTo(PROMPT + ", (" + CARTOON.suffix() + ":1.50)");
        assertThat(compose(List.of(CARTOON), tuning(0, null, null, null, null, null), sd).prompts().get(0))
                .isEqualTo(PROMPT + ", (" + CARTOON.suffix() + ":0.50)");
    }

    @Test
    void creativityAndDetailAddWordingOutsideTheNeutralBandAndNothingInside() {
        assertThat(compose(List.of(), tuning(null, 90, null, null, null, null), Map.of()).prompts().get(0))
                .isEqualTo(PROMPT + ", imaginative, artistic interpretation with unexpected creative details");
        assertThat(compose(List.of(), tuning(null, 10, null, null, null, null), Map.of()).prompts().get(0))
                .isEqualTo(PROMPT + ", faithful, true-to-life depiction without artistic liberties");
        assertThat(compose(List.of(), tuning(null, 50, 50, null, null, null), Map.of()).prompts().get(0)).isEqualTo(PROMPT);
        assertThat(compose(List.of(), tuning(null, null, 95, null, null, null), Map.of()).prompts().get(0))
                .isEqualTo(PROMPT + ", intricate, highly detailed, fine textures and crisp small features");
        assertThat(compose(List.of(), tuning(null, null, 5, null, null, null), Map.of()).prompts().get(0))
                .isEqualTo(PROMPT + ", simple, uncluttered composition with minimal detail");
    }

    @Test
    void detailLevelIsARequestParameterWhereTheModelHasOne() {
        Composed composed = compose(List.of(), tuning(null, null, 75, null, null, null), Map.of("model", "stablediffusion"));
        assertThat(composed.requests().get(0)).containsEntry("step", 40L).containsEntry("prompt", PROMPT);
        assertThat(report(composed, "detailLevel").how()).isEqualTo("request parameter");
    }

    @Test
    void qualityPresetsSetTheModelsParametersAndAnExplicitSizeIsKept() {
        assertThat(compose(List.of(), tuning(null, null, null, "standard", null, null), Map.of()).requests().get(0))
                .containsEntry("quality", "medium").doesNotContainKey("size");
        assertThat(compose(List.of(), tuning(null, null, null, "hd", null, null), Map.of()).requests().get(0))
                .containsEntry("quality", "high").doesNotContainKey("size");
        assertThat(compose(List.of(), tuning(null, null, null, "ultra", null, null), Map.of()).requests().get(0))
                .containsEntry("quality", "high").containsEntry("size", "2048x2048");
        Composed kept = compose(List.of(), tuning(null, null, null, "ultra", null, null), Map.of("size", "1536x1024"));
        assertThat(kept.requests().get(0)).containsEntry("size", "1536x1024");
        assertThat(report(kept, "quality").detail()).contains("kept the explicit size=1536x1024");

        Composed dalle3 = compose(List.of(), tuning(null, null, null, "ultra", null, null), Map.of("model", "dall-e-3"));
        assertThat(dalle3.requests().get(0)).containsEntry("quality", "hd").containsEntry("response_format", "b64_json");
        assertThat(report(dalle3, "quality").detail()).contains("the same as hd");
        assertThat(report(compose(List.of(), tuning(null, null, null, "hd", null, null), Map.of("model", "dall-e-2")), "quality").how())
                .isEqualTo("ignored");
    }

    @Test
    void theNegativePromptIsFoldedIntoTheTextForOpenAiAndSeparatedWhereTheServerReadsIt() {
        Composed openAi = compose(List.of(), tuning(null, null, null, null, "blurry, text", null), Map.of());
        assertThat(openAi.prompts().get(0)).isEqualTo(PROMPT + ". Avoid: blurry, text.");
        assertThat(openAi.requests().get(0)).doesNotContainKey("negative_prompt");
        assertThat(report(openAi, "negativePrompt").detail()).contains("has no negative prompt");

        Composed sd = compose(List.of(), tuning(null, null, null, null, "blurry, text", null), Map.of("model", "stablediffusion"));
        assertThat(sd.prompts().get(0)).isEqualTo(PROMPT + "|blurry, text");
    }

    @Test
    void aStylesOwnNegativePromptJoinsTheRequestsOnce() {
        StyleShare withNegative = new StyleShare(UUID.randomUUID(), "Clean", "clean look", "blurry, watermark", 100);
        String prompt = compose(List.of(withNegative), tuning(null, null, null, null, "blurry", null), Map.of()).prompts().get(0);
        assertThat(prompt).isEqualTo(PROMPT + ", clean look. Avoid: blurry, watermark.");
    }

    @Test
    void theSeedIsMetadataForOpenAiAndNeverSent() {
        Composed composed = compose(List.of(), tuning(null, null, null, null, null, 42L), Map.of());
        assertThat(composed.requests().get(0)).doesNotContainKey("seed");
        assertThat(composed.metadata()).containsEntry("seed", 42L);
        assertThat(composed.parameters()).containsEntry("seed", 42L);
        assertThat(report(composed, "seed").how()).isEqualTo("metadata");
        assertThat(report(composed, "seed").detail()).contains("takes no seed");
    }

    @Test
    void aMixIsOrderedByWeightPhrasedByShareAndDeterministic() {
        List<StyleShare> mix = List.of(share(CARTOON, 30), share(LUXURY, 70));
        List<StyleShare> sameMixOtherOrder = List.of(share(LUXURY, 70), share(CARTOON, 30));
        String text = compose(mix, Tuning.NONE, Map.of()).prompts().get(0);

        assertThat(text).isEqualTo(PROMPT + ", a blend of styles, strongest first: " + LUXURY.suffix() + " (70%, leading); "
                + CARTOON.suffix() + " (30%)");
        assertThat(compose(sameMixOtherOrder, Tuning.NONE, Map.of()).prompts().get(0)).isEqualTo(text);
        assertThat(compose(List.of(share(CARTOON, 70), share(LUXURY, 30)), Tuning.NONE, Map.of()).prompts().get(0))
                .isNotEqualTo(text).contains(CARTOON.suffix() + " (70%, leading); " + LUXURY.suffix() + " (30%)");
        assertThat(compose(List.of(share(CARTOON, 80), share(LUXURY, 20)), Tuning.NONE, Map.of()).prompts().get(0))
                .contains("a hint of " + LUXURY.suffix() + " (20%)");
    }

    @Test
    void aMixBecomesPromptWeightsWhereTheModelTakesThem() {
        String text = compose(List.of(share(CARTOON, 75), share(LUXURY, 25)), Tuning.NONE, Map.of("model", "stablediffusion"))
                .prompts().get(0);
        assertThat(text).isEqualTo(PROMPT + ", (" + CARTOON.suffix() + ":1.50), (" + LUXURY.suffix() + ":0.50)");
    }

    @Test
    void cartoonAndLuxuryAreFlaggedAsConflictingButMinimalistAndLuxuryAreNot() {
        var conflicts = StyleConflicts.find(List.of(share(CARTOON, 50), share(LUXURY, 50)));
        assertThat(conflicts).extracting(StyleConflicts.Conflict::aspect).containsExactly("mood");
        assertThat(conflicts.get(0).styles()).containsEntry("Cartoon/Anime", "playful").containsEntry("Luxury", "elegant");

        StyleShare minimalist = new StyleShare(UUID.randomUUID(), "Minimalist", "clean minimalist design, simple shapes, white background",
                null, 50);
        assertThat(StyleConflicts.find(List.of(minimalist, share(LUXURY, 50)))).isEmpty();
    }

    private static StyleShare share(StyleShare style, int weight) {
        return new StyleShare(style.styleId(), style.name(), style.suffix(), style.negativePrompt(), weight);
    }
}
