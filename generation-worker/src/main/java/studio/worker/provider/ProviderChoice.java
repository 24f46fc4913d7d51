package studio.worker.provider;

import jakarta.enterprise.context.ApplicationScoped;

import studio.worker.config.OpenAiConfig;

/** The provider this worker uses: OpenAI when a key is configured, else the offline placeholder. */
@ApplicationScoped
public class ProviderChoice {

    private final ImageProvider chosen;

    public ProviderChoice(OpenAiConfig config, OpenAiImagesProvider openAi, PlaceholderProvider placeholder) {
        this.chosen = config.apiKey().filter(key -> !key.isBlank()).isPresent() ? openAi : placeholder;
    }

    public ImageProvider provider() {
        return chosen;
    }
}
