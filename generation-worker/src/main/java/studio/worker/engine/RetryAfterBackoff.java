package studio.worker.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import studio.worker.provider.ProviderFailure;

/**
 * The delay before a provider call is retried: the provider's {@code retry-after} when it sent one
 * (plus up to 250 ms of jitter, so that the fleet does not come back at one instant), else exponential
 * backoff with jitter: half of {@code base x 2^(n-1)} (capped) plus a random part up to the other half.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final long baseMillis;
    private final long maxMillis;
    private int retries;

    RetryAfterBackoff(Duration base, Duration max) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        retries++;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (cause instanceof ProviderFailure failure && failure.retryAfter() != null) {
            return failure.retryAfter().toMillis() + random.nextLong(251);
        }
        long cap = Math.min(maxMillis, baseMillis << Math.min(20, retries - 1));
        return cap / 2 + random.nextLong(cap / 2 + 1);
    }
}
