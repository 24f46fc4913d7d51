package studio.template.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code studio.llm.*}: an OpenAI-compatible chat endpoint that adds suggestions to the prompt
 * analyzer and auto-enhance; without a base URL they work from their rules alone.
 */
@ConfigMapping(prefix = "studio.llm")
public interface LlmConfig {

    /** The endpoint's base URL, ending in {@code /v1}. */
    Optional<String> baseUrl();

    Optional<String> apiKey();

    @WithDefault("gpt-4o-mini")
    String model();

    /** How long one chat completion may take. */
    @WithDefault("20s")
    Duration timeout();
}
