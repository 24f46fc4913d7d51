package studio.worker.provider;

import java.time.Duration;

/**
 * A provider call that did not produce an image, by what can be done about it: {@link Kind#TRANSIENT}
 * (timeouts, 408, 409, 429 rate limits, 5xx: try again after a backoff, or the provider's
 * {@code retry-after}), {@link Kind#PERMANENT} (content policy, an invalid request: the item fails with
 * the provider's message) or {@link Kind#ACCOUNT} (401, 403, {@code insufficient_quota}: the account
 * needs an operator, so the fleet pauses the provider instead of failing every item).
 */
public class ProviderFailure extends RuntimeException {

    public enum Kind {
        TRANSIENT, PERMANENT, ACCOUNT
    }

    private final String code;
    private final Kind kind;
    private final Duration retryAfter;
    private final ProviderLimits limits;

    public ProviderFailure(String code, String message, Kind kind, Duration retryAfter, ProviderLimits limits) {
        super(message);
        this.code = code;
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.limits = limits;
    }

    public static ProviderFailure permanent(String code, String message) {
        return new ProviderFailure(code, message, Kind.PERMANENT, null, null);
    }

    public static Transient transientFailure(String code, String message) {
        return new Transient(code, message, null, null);
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's {@code retry-after} (or {@code retry-after-ms}), when it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The {@code x-ratelimit-*} headers of the answer, when it had them. */
    public ProviderLimits limits() {
        return limits;
    }

    /** The type the retry policy retries on. */
    public static class Transient extends ProviderFailure {
        public Transient(String code, String message, Duration retryAfter, ProviderLimits limits) {
            super(code, message, Kind.TRANSIENT, retryAfter, limits);
        }
    }
}
