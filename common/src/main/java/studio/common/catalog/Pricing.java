package studio.common.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * What a model costs, in USD. {@code perMillionTokens} ({@code textInput}, {@code imageInput},
 * {@code imageOutput}, {@code textOutput}) prices a call from the provider's reported usage;
 * {@code perImage} (quality, then size, to USD) is the published price of one image, which the
 * estimate uses and which prices a call that reported no usage. {@code assume} fills in a quality
 * or size the request leaves out (the provider's own default); {@code source} says where the
 * figures come from and when they were taken.
 */
public record Pricing(String source, Map<String, BigDecimal> perMillionTokens, Map<String, Map<String, BigDecimal>> perImage,
        Map<String, String> assume) {

    /** Rounding of every amount: micro-dollars. */
    public static final int SCALE = 6;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final double BASE_PIXELS = 1024.0 * 1024.0;

    /**
     * One image with these parameters: the published price for its quality and size, plus the
     * prompt's text tokens (about four characters each) at the text input rate. A quality of
     * {@code auto} (the model decides) is priced as the dearest quality, so that an estimate never
     * falls short of the bill; a size of {@code auto} likewise. A custom size is priced from the
     * 1024x1024 price in proportion to its pixels.
     */
    public BigDecimal estimate(Map<String, Object> parameters, int promptLength) {
        BigDecimal image = imagePrice(parameters);
        BigDecimal promptTokens = BigDecimal.valueOf((promptLength + 3) / 4);
        return image.add(promptTokens.multiply(rate("textInput")).divide(MILLION, SCALE, RoundingMode.HALF_UP))
                .setScale(SCALE, RoundingMode.HALF_UP);
    }

    /**
     * The actual cost of one call: from the reported usage at the token rates when there is usage
     * and this model has token rates, else the published price of one image with these parameters.
     */
    public Cost costOf(Usage usage, Map<String, Object> parameters) {
        if (usage != null && !perMillionTokens.isEmpty()) {
            int inputText = usage.inputTextTokens() != null || usage.inputImageTokens() != null
                    ? Usage.orZero(usage.inputTextTokens()) : Usage.orZero(usage.inputTokens());
            int outputText = Usage.orZero(usage.outputTextTokens());
            int outputImage = usage.outputImageTokens() != null ? usage.outputImageTokens()
                    : Usage.orZero(usage.outputTokens()) - outputText;
            BigDecimal micro = rate("textInput").multiply(BigDecimal.valueOf(inputText))
                    .add(rate("imageInput").multiply(BigDecimal.valueOf(Usage.orZero(usage.inputImageTokens()))))
                    .add(rate("imageOutput").multiply(BigDecimal.valueOf(outputImage)))
                    .add(rate("textOutput").multiply(BigDecimal.valueOf(outputText)));
            return new Cost(micro.divide(MILLION, SCALE, RoundingMode.HALF_UP), Cost.USAGE);
        }
        return new Cost(imagePrice(parameters).setScale(SCALE, RoundingMode.HALF_UP), Cost.CATALOG);
    }

    private BigDecimal rate(String kind) {
        return perMillionTokens.getOrDefault(kind, BigDecimal.ZERO);
    }

    private BigDecimal imagePrice(Map<String, Object> parameters) {
        if (perImage.isEmpty()) {
            return BigDecimal.ZERO;
        }
        String quality = String.valueOf(parameters.getOrDefault("quality", assume.getOrDefault("quality", "auto")));
        String size = String.valueOf(parameters.getOrDefault("size", assume.getOrDefault("size", "auto")));
        List<Map<String, BigDecimal>> bySize = perImage.containsKey(quality) ? List.of(perImage.get(quality))
                : List.copyOf(perImage.values());
        BigDecimal price = BigDecimal.ZERO;
        for (Map<String, BigDecimal> sizes : bySize) {
            BigDecimal candidate;
            if (sizes.containsKey(size)) {
                candidate = sizes.get(size);
            } else if (!"auto".equals(size) && ModelCatalog.isCustomSize(size) && sizes.containsKey("1024x1024")) {
                String[] wh = size.split("x");
                double scale = Integer.parseInt(wh[0]) * (double) Integer.parseInt(wh[1]) / BASE_PIXELS;
                candidate = sizes.get("1024x1024").multiply(BigDecimal.valueOf(scale));
            } else {
                candidate = sizes.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            }
            price = price.max(candidate);
        }
        return price;
    }
}
