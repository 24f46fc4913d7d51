package studio.worker.provider;

/**
 * A provider call that did not produce an image. {@code code} is the provider's error code (for
 * example {@code content_policy_violation}); {@code retryable} says whether trying again can help.
 */
public class ProviderFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ProviderFailure(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** A failure worth retrying (timeouts, 429 rate limits, 5xx); the retry policy acts on this type. */
    public static class Transient extends ProviderFailure {
        public Transient(String code, String message) {
            super(code, message, true);
        }
    }
}
