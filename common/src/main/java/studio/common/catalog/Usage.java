package studio.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The token usage an images provider reported for one call (OpenAI's {@code usage}: input tokens
 * split into text and image, output tokens split into image and text). A detail the provider left
 * out is null; {@link Pricing#costOf} then counts the whole input as text and the whole
 * output as image tokens, which is how the GPT image models bill a text-to-image call.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Usage(Integer inputTokens, Integer inputTextTokens, Integer inputImageTokens, Integer outputTokens,
        Integer outputImageTokens, Integer outputTextTokens) {

    public int totalTokens() {
        return orZero(inputTokens) + orZero(outputTokens);
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
