package studio.worker.provider;

import io.smallrye.mutiny.Uni;

/** Draws an image for a prompt; implementations are the OpenAI Images API and the offline placeholder. */
public interface ImageProvider {

    /** The provider's name as reported in results ({@code openai}, {@code placeholder}). */
    String name();

    /** The account its limits and pauses belong to (provider and organisation). */
    String account();

    /** Whether its calls are rate limited and paused fleet-wide (the placeholder's are not). */
    boolean limited();

    /** One call; fails with a {@link ProviderFailure} when no image came back. Non-blocking. */
    Uni<GeneratedImage> generate(ImageRequest request);
}
