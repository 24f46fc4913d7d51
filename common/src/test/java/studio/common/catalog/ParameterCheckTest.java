package studio.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import studio.common.error.Problem;

/** What {@code parameters} may say: the names the model takes, each with bounded values, for a model still served. */
class ParameterCheckTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    private List<Problem.FieldError> check(Map<String, Object> parameters) {
        return catalog.check("parameters", parameters, TODAY);
    }

    @Test
    void theModelsOwnParametersWithTheirValuesPass() {
        assertThat(check(Map.of("model", "gpt-image-2", "size", "1536x1024", "quality", "high", "background", "transparent",
                "moderation", "low", "seed", 4_294_967_295L, "output_format", "png"))).isEmpty();
        assertThat(check(Map.of("model", "gpt-image-2.6-flare", "complexity", "high"))).isEmpty();
        assertThat(check(Map.of("model", "stablediffusion", "step", 30))).isEmpty();
    }

    @Test
    void aNameTheModelDoesNotTakeIsRefusedWithTheNamesItDoes() {
        var errors = check(Map.of("junk", "x".repeat(2_000_000)));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("parameters.junk");
            assertThat(e.message()).startsWith("not a parameter of gpt-image-2; it takes model, size, quality, background, moderation, output_format, output_compression, seed");
        });
        // a parameter of another model is not one of this model's
        assertThat(check(Map.of("model", "gpt-image-2", "complexity", "high"))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("parameters.complexity"));
        assertThat(check(Map.of("model", "stablediffusion", "background", "transparent"))).hasSize(1);
    }

    @Test
    void everyValueIsBounded() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("background", "x".repeat(2_000_000));
        parameters.put("moderation", Map.of("deep", List.of(1, 2)));
        parameters.put("seed", 4_294_967_296L);
        var errors = check(parameters);
        assertThat(errors).extracting(Problem.FieldError::field)
                .containsExactly("parameters.background", "parameters.moderation", "parameters.seed");
        assertThat(errors.get(0).message()).isEqualTo("must be transparent or opaque or auto").hasSizeLessThan(100);
        assertThat(errors.get(1).message()).isEqualTo("must be a single value, not a list or an object");
        assertThat(errors.get(2).message()).isEqualTo("must be a whole number from 0 to 4294967295");
        assertThat(check(Map.of("model", "stablediffusion", "step", 2.5))).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be a whole number from 1 to 150"));
        // a refused model id is not repeated whole
        assertThat(check(Map.of("model", "m".repeat(10_000)))).singleElement()
                .satisfies(e -> assertThat(e.message()).hasSizeLessThan(400));
    }

    @Test
    void jpegIsAnOutputAndWhatItCannotDoIsRefusedNotDropped() {
        assertThat(check(Map.of("output_format", "jpeg", "output_compression", 80))).isEmpty();
        assertThat(check(Map.of("output_format", "webp"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("parameters.output_format");
            assertThat(e.message()).startsWith("must be png or jpeg").contains("webp is not offered");
        });
        assertThat(check(Map.of("output_compression", 80))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("parameters.output_compression");
            assertThat(e.message()).isEqualTo("applies to output_format jpeg only");
        });
        assertThat(check(Map.of("output_format", "jpeg", "background", "transparent"))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("parameters.background"));
        assertThat(check(Map.of("output_format", "jpeg", "output_compression", 101))).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("must be a whole number from 0 to 100"));
        // and the provider is asked for it
        assertThat(catalog.find("gpt-image-2").orElseThrow().providerRequest("x", Map.of("output_format", "jpeg", "output_compression", 80)))
                .containsEntry("output_format", "jpeg").containsEntry("output_compression", 80);
        // dall-e has no output_format at all (the stub and OpenAI answer it with b64_json PNGs)
        assertThat(catalog.check("parameters", Map.of("model", "dall-e-2", "output_format", "png"), LocalDate.of(2026, 1, 1)))
                .singleElement().satisfies(e -> assertThat(e.message()).startsWith("not a parameter of dall-e-2"));
    }

    @Test
    void aModelItsProviderShutDownIsRefusedNamingItsSuccessor() {
        assertThat(check(Map.of("model", "dall-e-3"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("parameters.model");
            assertThat(e.message()).startsWith("dall-e-3 was shut down by its provider on 2026-05-12; use gpt-image-2.5-sunburst, its successor")
                    .contains(ModelCatalog.ALLOW_RETIRED);
        });
        assertThat(check(Map.of("model", "gpt-image-1"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("on 2026-10-23"));
        // shut down from its shutdown day on, and served the day before
        assertThat(check(Map.of("model", "gpt-image-1-mini"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("use gpt-image-2.6-sunburst"));
        assertThat(catalog.check("parameters", Map.of("model", "gpt-image-1-mini"), TODAY.minusDays(1))).isEmpty();
        assertThat(catalog.usable(TODAY)).extracting(Model::id)
                .doesNotContain("dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1.5", "gpt-image-1-mini")
                .contains("gpt-image-2", "gpt-image-2.6-sunburst", "stablediffusion");
    }
}
