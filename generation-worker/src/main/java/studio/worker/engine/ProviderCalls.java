package studio.worker.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import studio.worker.config.WorkerConfig;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.ImageProvider;
import studio.worker.provider.ImageRequest;
import studio.worker.provider.ProviderChoice;
import studio.worker.provider.ProviderFailure;
import studio.worker.provider.ProviderLimits;
import studio.worker.ratelimit.FleetRateLimiter;

/**
 * A job's calls to its provider, guarded by SmallRye Fault Tolerance: transient failures are retried
 * ({@code studio.worker.attempts} in all) after the provider's {@code retry-after} or an exponential
 * backoff with jitter; a circuit breaker per provider stops calls while it fails; each retry waits for
 * a permit of the fleet's rate limit (the first attempt's permit is the dispatcher's). Every answer
 * teaches the rate limiter the provider's {@code x-ratelimit-*} headers, and a 429 pauses the fleet
 * for its {@code retry-after}.
 */
@ApplicationScoped
public class ProviderCalls {

    private static final Logger LOG = Logger.getLogger(ProviderCalls.class);

    private final ImageProvider provider;
    private final FleetRateLimiter limiter;
    private final TypedGuard<Uni<GeneratedImage>> guard;
    private final String breakerName;

    private final WorkerMetrics metrics;
    /** Transient failures in a row across all calls (any success resets it): a provider that is down. */
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final int outageAfter;

    public ProviderCalls(ProviderChoice providers, FleetRateLimiter limiter, WorkerConfig config, WorkerMetrics metrics) {
        this.metrics = metrics;
        // a job whose every attempt failed with nothing succeeding between has seen the provider down, not a bad
        // request of its own: it is parked too (a single job could otherwise spend its attempts in a streak shorter
        // than outage-after, as the chaos test's outage with retry-after pauses showed)
        this.outageAfter = Math.max(1, Math.min(config.outageAfter(), config.attempts()));
        this.provider = providers.provider();
        this.limiter = limiter;
        this.breakerName = "provider-" + provider.name();
        this.guard = TypedGuard.create(new TypeLiteral<Uni<GeneratedImage>>() {
        })
                .withRetry().maxRetries(Math.max(0, config.attempts() - 1)).delay(config.backoff().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(1, ChronoUnit.HOURS).retryOn(ProviderFailure.Transient.class).abortOn(CircuitBreakerOpenException.class)
                .withCustomBackoff().strategy(() -> new RetryAfterBackoff(config.backoff(), config.maxBackoff())).done()
                .done()
                .withCircuitBreaker().name(breakerName).failOn(ProviderFailure.Transient.class).requestVolumeThreshold(20)
                .failureRatio(0.5).delay(30, ChronoUnit.SECONDS).successThreshold(2)
                .onStateChange(state -> LOG.warnf("Circuit breaker of %s is now %s", provider.name(), state))
                .done()
                .build();
    }

    public ImageProvider provider() {
        return provider;
    }

    /** Whether the provider's circuit is open (calls would fail at once): the dispatcher waits meanwhile. */
    public boolean circuitOpen() {
        return circuitState() == CircuitBreakerState.OPEN;
    }

    /** Whether the provider's circuit is closed (not open, nor half-open probing whether the provider is back). */
    public boolean circuitClosed() {
        return circuitState() == CircuitBreakerState.CLOSED;
    }

    private CircuitBreakerState circuitState() {
        try {
            return CircuitBreakerMaintenance.get().currentState(breakerName);
        } catch (IllegalArgumentException notYetUsed) {
            return CircuitBreakerState.CLOSED;
        }
    }

    /**
     * Whether the provider looks down: its circuit is not closed, or its last {@code outage-after}
     * calls all failed transiently. A job whose attempts run out meanwhile is parked, not failed.
     */
    public boolean failing() {
        return failuresInARow.get() >= outageAfter || !circuitClosed();
    }

    /** The job's provider calls: its first attempt holds a permit already; every retry takes its own. */
    public Uni<GeneratedImage> generate(ImageRequest request) {
        AtomicInteger attempt = new AtomicInteger();
        return guard.get(() -> (attempt.getAndIncrement() == 0 ? Uni.createFrom().voidItem() : permit(request.model()))
                .chain(() -> timed(request))
                .invoke(image -> failuresInARow.set(0))
                .onFailure(ProviderFailure.Transient.class).invoke(e -> failuresInARow.incrementAndGet())
                .call(image -> learn(request.model(), image.limits()))
                .onFailure(ProviderFailure.class).call(failure -> afterFailure(request.model(), (ProviderFailure) failure)));
    }

    private Uni<GeneratedImage> timed(ImageRequest request) {
        long started = System.nanoTime();
        return provider.generate(request).onItemOrFailure().invoke((image, failure) -> {
            if (metrics != null) {
                metrics.providerCall(provider.name(), Duration.ofNanos(System.nanoTime() - started),
                        failure == null ? "ok" : failure instanceof ProviderFailure f ? f.code() : "error");
            }
        });
    }

    /** One permit request: {@link Duration#ZERO} when granted, else how long to wait before asking again. */
    public Uni<Duration> permitOnce(String model) {
        if (!provider.limited()) {
            return Uni.createFrom().item(Duration.ZERO);
        }
        return limiter.tryAcquire(provider.account(), model).map(answer -> answer.granted() ? Duration.ZERO : answer.delay());
    }

    /** Waits until the fleet's rate limit grants a call to {@code model}. */
    public Uni<Void> permit(String model) {
        return permitOnce(model).chain(wait -> wait.isZero() ? Uni.createFrom().<Void>voidItem()
                : Uni.createFrom().item(wait).onItem().delayIt().by(wait).chain(ignored -> permit(model)));
    }

    private Uni<Void> learn(String model, ProviderLimits limits) {
        if (limits == null || !provider.limited()) {
            return Uni.createFrom().voidItem();
        }
        return limiter.learn(provider.account(), model, limits.limitRequests(), limits.remainingRequests(), limits.resetRequests())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not record the provider's rate limit headers: %s", e.getMessage());
                    return null;
                });
    }

    private Uni<Void> afterFailure(String model, ProviderFailure failure) {
        Uni<Void> learned = learn(model, failure.limits());
        if (failure.kind() == ProviderFailure.Kind.TRANSIENT && failure.retryAfter() != null && provider.limited()) {
            Duration wait = failure.retryAfter();
            LOG.infof("%s asks to wait %d ms (%s); the fleet pauses %s", provider.name(), wait.toMillis(), failure.code(), model);
            return learned.chain(() -> limiter.pause(provider.account(), model, Instant.now().plus(wait), "retry-after: " + failure.code()))
                    .replaceWithVoid().onFailure().recoverWithNull();
        }
        return learned;
    }
}
