package studio.worker.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The OpenAI Images API account ({@code studio.openai.*}); any OpenAI-compatible server works. */
@ConfigMapping(prefix = "studio.openai")
public interface OpenAiConfig {

    @WithDefault("https://api.openai.com/v1")
    String baseUrl();

    /** Without a key the worker renders offline placeholders instead of calling a provider. */
    Optional<String> apiKey();

    Optional<String> organization();
}
