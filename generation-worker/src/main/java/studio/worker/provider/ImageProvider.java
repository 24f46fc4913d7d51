package studio.worker.provider;

/** Draws an image for a prompt; implementations are the OpenAI Images API and the offline placeholder. */
public interface ImageProvider {

    /** The provider's name as reported in results ({@code openai}, {@code placeholder}). */
    String name();

    /** Blocking call; throws {@link ProviderFailure} when no image came back. */
    GeneratedImage generate(ImageRequest request);
}
