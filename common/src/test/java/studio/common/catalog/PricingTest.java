package studio.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The catalog's prices: estimates before a batch, actual costs from the provider's usage. */
class PricingTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    private Model model(String id) {
        return catalog.find(id).orElseThrow();
    }

    @Test
    void anEstimateIsThePublishedImagePricePlusThePromptsTextTokens() {
        // gpt-image-1-mini, medium, 1024x1536: $0.015; a 400-character prompt is 100 tokens at $2 per million
        BigDecimal estimate = model("gpt-image-1-mini").estimate(Map.of("quality", "medium", "size", "1024x1536"), 400);
        assertThat(estimate).isEqualByComparingTo("0.015200");
    }

    @Test
    void autoQualityAndSizeArePricedAsTheDearestChoiceSoAnEstimateNeverFallsShort() {
        BigDecimal auto = model("gpt-image-1").estimate(Map.of(), 0);
        assertThat(auto).isEqualByComparingTo("0.25");
        BigDecimal autoSize = model("gpt-image-1").estimate(Map.of("quality", "low", "size", "auto"), 0);
        assertThat(autoSize).isEqualByComparingTo("0.016");
    }

    @Test
    void aCustomSizeIsPricedByItsPixels() {
        // 2048x2048 is four times 1024x1024
        BigDecimal big = model("gpt-image-2").estimate(Map.of("quality", "high", "size", "2048x2048"), 0);
        assertThat(big).isEqualByComparingTo(new BigDecimal("0.211").multiply(BigDecimal.valueOf(4)));
    }

    @Test
    void modelsWithoutQualitiesUseTheirAssumedDefaults() {
        assertThat(model("dall-e-3").estimate(Map.of(), 0)).isEqualByComparingTo("0.04");
        assertThat(model("dall-e-3").estimate(Map.of("quality", "hd", "size", "1792x1024"), 0)).isEqualByComparingTo("0.12");
        assertThat(model("stablediffusion").estimate(Map.of("size", "512x512"), 2000)).isZero();
    }

    @Test
    void theActualCostComesFromTheReportedUsageAtTheTokenRates() {
        // 50 text tokens in at $5/M, 1056 image tokens out at $30/M
        var usage = new Usage(50, 50, 0, 1056, 1056, 0);
        Cost cost = model("gpt-image-2").pricing().costOf(usage, Map.of("quality", "medium"));
        assertThat(cost.basis()).isEqualTo(Cost.USAGE);
        assertThat(cost.usd()).isEqualByComparingTo("0.031930");
    }

    @Test
    void usageWithoutDetailsCountsInputAsTextAndOutputAsImage() {
        var usage = new Usage(100, null, null, 272, null, null);
        Cost cost = model("gpt-image-1").pricing().costOf(usage, Map.of());
        // 100 x $5/M + 272 x $40/M
        assertThat(cost.usd()).isEqualByComparingTo("0.011380");
    }

    @Test
    void imageInputAndTextOutputTokensHaveTheirOwnRates() {
        var usage = new Usage(1100, 100, 1000, 2000, 1900, 100);
        Cost cost = model("gpt-image-2").pricing().costOf(usage, Map.of());
        // 100 x 5 + 1000 x 8 + 1900 x 30 + 100 x 10 = 66,500 micro-dollars
        assertThat(cost.usd()).isEqualByComparingTo("0.066500");
    }

    @Test
    void aModelThatReportsNoUsageCostsItsPublishedPrice() {
        Cost cost = model("dall-e-3").pricing().costOf(null, Map.of("quality", "hd", "size", "1024x1024"));
        assertThat(cost.basis()).isEqualTo(Cost.CATALOG);
        assertThat(cost.usd()).isEqualByComparingTo("0.08");
    }

    @Test
    void everyModelHasASourceForItsPrices() {
        assertThat(catalog.models()).allSatisfy(m -> assertThat(m.pricing().source()).isNotBlank());
    }

    @Test
    void theGpt25And26ModelsArePricedByTheirQualityLadderUpToMax() {
        // 7,024 output tokens at $30 per million for max at 1024x1024; auto is priced as the dearest: max at 1536x1024
        assertThat(model("gpt-image-2.6-flare").estimate(Map.of("quality", "max", "size", "1024x1024"), 0)).isEqualByComparingTo("0.21072");
        assertThat(model("gpt-image-2.5-sunburst").estimate(Map.of("quality", "xhigh", "size", "2048x2048"), 0))
                .isEqualByComparingTo("0.37464");
        assertThat(model("gpt-image-2.6-sunburst").estimate(Map.of(), 0)).isEqualByComparingTo("0.31608");
        Usage usage = new Usage(50, 50, 0, 3122, 3122, 0);
        assertThat(model("gpt-image-2.5-flare").pricing().costOf(usage, Map.of()).usd()).isEqualByComparingTo("0.09391");
    }

    @Test
    void eachModelTakesOnlyItsOwnQualitiesAndOptions() {
        assertThat(catalog.check("parameters", Map.of("model", "gpt-image-2.6-flare", "quality", "xhigh", "complexity", "high"))).isEmpty();
        assertThat(catalog.check("parameters", Map.of("model", "gpt-image-2", "quality", "xhigh")))
                .extracting(e -> e.field()).containsExactly("parameters.quality");
        assertThat(catalog.check("parameters", Map.of("model", "gpt-image-2.6-sunburst", "complexity", "extreme")))
                .extracting(e -> e.field()).containsExactly("parameters.complexity");
        assertThat(catalog.find("gpt-image-2.5-flare").orElseThrow().providerRequest("p", Map.of("complexity", "low")))
                .doesNotContainKey("complexity");
        assertThat(catalog.find("gpt-image-2.6-flare").orElseThrow().providerRequest("p", Map.of("complexity", "low")))
                .containsEntry("complexity", "low");
    }
}
