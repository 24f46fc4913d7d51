package studio.worker.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import studio.common.catalog.Cost;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.ProviderEvent;
import studio.worker.config.WorkerConfig;
import studio.worker.engine.ProviderCalls;
import studio.worker.engine.WorkPool;
import studio.worker.engine.WorkerMetrics;
import studio.worker.messaging.ResultPublisher;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.ImageRequest;
import studio.worker.provider.ProviderFailure;
import studio.worker.ratelimit.FleetRateLimiter;
import studio.worker.storage.ObjectStorage;
import studio.worker.storage.Thumbnails;

/**
 * Turns one job into one result: claims it ({@link JobClaims}: no two replicas pay for one image),
 * looks in storage (a redelivered job whose image is stored is not generated, nor paid for, again),
 * else calls the provider (guarded: retries, circuit breaker, the fleet's rate limit), stores the
 * image and its thumbnail, and says what happened. What cannot run now is handed back
 * ({@link Requeue}), not failed: a provider account refused (the fleet pauses the provider and alerts),
 * a circuit open (the job is parked), a job another replica is making, storage or the worker database
 * not answering. A write that fails after the provider was paid is tried again until storage answers.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    /**
     * The job cannot run now (its provider is paused or its circuit open, another replica is making
     * it, storage or the database is unavailable): hand it back, not failed, to run again after
     * {@code after}.
     */
    public static final class Requeue extends RuntimeException {
        private final Duration after;

        public Requeue(String reason) {
            this(reason, Duration.ZERO);
        }

        public Requeue(String reason, Duration after) {
            super(reason, null, false, false);
            this.after = after;
        }

        public Duration after() {
            return after;
        }
    }

    /** Another replica made the job's image and published its result: let the job go, publish nothing. */
    public static final class Answered extends RuntimeException {
        public Answered(String reason) {
            super(reason, null, false, false);
        }
    }

    /** How long a job waits when storage or the worker database did not answer. */
    private static final Duration UNAVAILABLE = Duration.ofSeconds(2);
    /** How long a job parked by an open circuit waits before it is looked at again. */
    private static final Duration PARKED = Duration.ofSeconds(1);
    private static final Duration STORAGE_BACKOFF = Duration.ofMillis(500);
    private static final Duration STORAGE_MAX_BACKOFF = Duration.ofSeconds(10);

    private final ProviderCalls calls;
    private final JobClaims claims;
    private final ObjectStorage storage;
    private final FleetRateLimiter limiter;
    private final ResultPublisher publisher;
    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final java.util.concurrent.Executor io;
    private final java.util.concurrent.Executor images;

    public JobProcessor(ProviderCalls calls, JobClaims claims, ObjectStorage storage, FleetRateLimiter limiter, ResultPublisher publisher,
            WorkerConfig config, WorkerMetrics metrics, WorkPool pool) {
        this.metrics = metrics;
        this.io = pool.io();
        this.images = pool.images();
        this.calls = calls;
        this.claims = claims;
        this.storage = storage;
        this.limiter = limiter;
        this.publisher = publisher;
        this.config = config;
    }

    /** The job's result (not yet published); fails with {@link Requeue} when it must wait. */
    public Uni<GenerationResult> process(GenerationJob job) {
        return process(job, () -> {
        });
    }

    /**
     * The same, telling {@code called} once the provider has answered (or was not needed): what
     * follows (thumbnail, storage) is the job's finishing, which the dispatcher bounds apart from the
     * calls in flight.
     */
    public Uni<GenerationResult> process(GenerationJob job, Runnable called) {
        long started = System.nanoTime();
        ImageNames names = ImageNames.of(job);
        String providerName = calls.provider().name();
        GeneratedImage[] made = new GeneratedImage[1];
        // claimed first (no other replica pays for it meanwhile), then looked for in storage: the
        // thumbnail is written after its image, so a thumbnail that is there has its image too
        return claim(job).chain(() -> lookUp(job, names)).chain(found -> {
            if (found.isPresent()) {
                called.run();
                LOG.infof("Item %s is already stored; not generating it again", job.itemId());
                return Uni.createFrom().item(found.get());
            }
            return calls.generate(new ImageRequest(job.prompt(), job.model(), job.parameters()))
                    .onItemOrFailure().invoke(called)
                    .invoke(image -> made[0] = image)
                    .chain(image -> store(job, names, image, started));
        }).onFailure(f -> !(f instanceof Requeue) && !(f instanceof Answered))
                .recoverWithUni(failure -> failed(job, providerName, failure, made[0])
                        .invoke(result -> {
                            GenerationResult.Failed failed = (GenerationResult.Failed) result;
                            count("failed", job, job.model(), failed.costUsd());
                            failedFor(failed.errorCode());
                        }));
    }

    /** Claims the job for this replica, or says why it must wait ({@link Requeue}) or go ({@link Answered}). */
    private Uni<Void> claim(GenerationJob job) {
        return claims.claim(job).onFailure().transform(e -> new Requeue("the worker database did not answer: " + e.getMessage(), UNAVAILABLE))
                .chain(outcome -> switch (outcome) {
                    case CLAIMED -> Uni.createFrom().voidItem();
                    case HELD -> Uni.createFrom().failure(new Requeue("another replica is making item " + job.itemId() + " (attempt "
                            + job.attempt() + ")", config.claims().recheck()));
                    case FINISHED -> Uni.createFrom().failure(new Answered("item " + job.itemId() + " (attempt " + job.attempt()
                            + ") was answered by another replica"));
                });
    }

    /** The stored result, if any; storage that does not answer hands the job back (nothing is paid meanwhile). */
    private Uni<java.util.Optional<GenerationResult>> lookUp(GenerationJob job, ImageNames names) {
        return alreadyStored(job, names)
                .onFailure().transform(e -> new Requeue("object storage did not answer: " + e.getMessage(), UNAVAILABLE));
    }

    /**
     * Stores a provider's image for the job and answers the job's completed result. The image is
     * written while its thumbnail is drawn, and the thumbnail, carrying what the image cost, last: a
     * thumbnail in storage means the image is there too ({@link #alreadyStored}).
     */
    public Uni<GenerationResult> store(GenerationJob job, GeneratedImage image, long startedNanos) {
        return store(job, ImageNames.of(job), image, startedNanos);
    }

    private Uni<GenerationResult> store(GenerationJob job, ImageNames names, GeneratedImage image, long startedNanos) {
        Map<String, String> metadata = StoredCost.with(ImageNames.metadata(job), image);
        Uni<byte[]> thumbnail = on(images, () -> Thumbnails.of(image.bytes(), names.thumbnailFormat()));
        Uni<Boolean> imageStored = storing(job, () -> storage.put(names.imageKey(), image.bytes(), names.imageFormat().contentType(),
                names.headers(), metadata));
        // both at once (an image the JDK cannot read stops the write); the thumbnail is written once both are done
        return Uni.combine().all().unis(thumbnail, imageStored).with((drawn, stored) -> drawn)
                .chain(drawn -> storing(job, () -> storage.put(names.thumbnailKey(), drawn, names.thumbnailFormat().contentType(),
                        Map.of(), metadata)))
                .map(stored -> {
                    count("completed", job, image.model(), image.cost().usd());
                    return (GenerationResult) new GenerationResult.Completed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(),
                            image.provider(), image.model(), names.imageKey(), names.thumbnailKey(), image.cost().usd(),
                            elapsedMs(startedNanos), image.usage(), image.cost().basis());
                });
    }

    /**
     * A write of a paid-for image: done as soon as storage answers again, never failed for good (the
     * jobs waiting here fill max-finishing, so no new call is paid meanwhile).
     */
    private Uni<Boolean> storing(GenerationJob job, Runnable write) {
        return on(io, () -> {
            write.run();
            return true;
        }).onFailure().invoke(e -> LOG.warnf("Could not store item %s (paid for; trying again): %s", job.itemId(), e.getMessage()))
                .onFailure().retry().withBackOff(STORAGE_BACKOFF, STORAGE_MAX_BACKOFF).indefinitely();
    }

    /**
     * The result of a job already stored (a redelivery after a crash): completed at no cost; empty
     * when its thumbnail, written last, is not there.
     */
    public Uni<java.util.Optional<GenerationResult>> alreadyStored(GenerationJob job) {
        return alreadyStored(job, ImageNames.of(job));
    }

    private Uni<java.util.Optional<GenerationResult>> alreadyStored(GenerationJob job, ImageNames names) {
        return on(io, () -> {
            var thumbnail = storage.metadata(names.thumbnailKey());
            // a thumbnail without the cost was stored by an earlier version, which wrote it before the image
            return thumbnail.isPresent() && !thumbnail.get().containsKey("cost-usd") ? storage.metadata(names.imageKey()) : thumbnail;
        }).map(stored -> {
            if (stored.isEmpty()) {
                return java.util.Optional.<GenerationResult>empty();
            }
            count("reused", job, null, null);
            StoredCost cost = StoredCost.of(stored.get(), calls.provider().name());
            return java.util.Optional.<GenerationResult>of(new GenerationResult.Completed(job.itemId(), job.batchId(), job.vendorId(),
                    job.attempt(), cost.provider(), job.model(), names.imageKey(), names.thumbnailKey(), cost.cost().usd(), 0,
                    cost.usage(), cost.cost().basis()));
        });
    }

    /** The failed result of a job whose provider answer was a refusal; fails with {@link Requeue} for an account problem. */
    public Uni<GenerationResult> refused(GenerationJob job, ProviderFailure failure) {
        return failed(job, calls.provider().name(), failure, null).invoke(result -> {
            count("failed", job, job.model(), null);
            failedFor(((GenerationResult.Failed) result).errorCode());
        });
    }

    private void count(String outcome, GenerationJob job, String model, java.math.BigDecimal cost) {
        if (metrics != null) {
            metrics.result(outcome);
            metrics.cost(model, job.vendorId(), cost);
        }
    }

    private void failedFor(String code) {
        if (metrics != null) {
            metrics.failure(code);
        }
    }

    private Uni<GenerationResult> failed(GenerationJob job, String providerName, Throwable failure, GeneratedImage made) {
        if (failure instanceof CircuitBreakerOpenException) {
            return Uni.createFrom().failure(new Requeue("the circuit of " + providerName + " is open", PARKED));
        }
        if (failure instanceof ProviderFailure.Transient && calls.failing()) {
            // the provider is down (its circuit opened, or nothing it answers succeeds): the job is parked, not failed
            return Uni.createFrom().failure(new Requeue(providerName + " is failing (" + failure.getMessage() + "); parked", PARKED));
        }
        if (failure instanceof ProviderFailure provider) {
            if (provider.kind() == ProviderFailure.Kind.ACCOUNT) {
                return pauseAccount(job, provider);
            }
            LOG.warnf("Item %s failed at %s: %s (%s)", job.itemId(), providerName, provider.getMessage(), provider.code());
            Cost none = Cost.none();
            return Uni.createFrom().item(new GenerationResult.Failed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(),
                    providerName, job.model(), provider.code(), message(provider), none.usd(), null, none.basis()));
        }
        // A fault of this worker (storage down, a rendering error): the item fails with the cause. An
        // image made before the fault was paid for, so the failure carries its cost.
        LOG.errorf(failure, "Item %s failed inside the worker", job.itemId());
        Cost cost = made == null ? Cost.none() : made.cost();
        return Uni.createFrom().item(new GenerationResult.Failed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(), providerName,
                job.model(), "worker_error", "the worker could not finish the image: " + failure, cost.usd(),
                made == null ? null : made.usage(), cost.basis()));
    }

    /** What a vendor reads for a failed item: the provider's words, and what to do when it is the prompt. */
    private static String message(ProviderFailure failure) {
        if ("content_policy_violation".equals(failure.code()) || "moderation_blocked".equals(failure.code())) {
            return failure.getMessage() + " Rephrase the prompt (or its template row) and retry the item.";
        }
        if (failure.kind() == ProviderFailure.Kind.TRANSIENT) {
            return failure.getMessage() + " (still failing after the configured attempts; retry the item later)";
        }
        return failure.getMessage();
    }

    /** The account needs an operator: pause the provider for the fleet, alert once, hand the job back. */
    private Uni<GenerationResult> pauseAccount(GenerationJob job, ProviderFailure failure) {
        String account = calls.provider().account();
        Instant until = Instant.now().plus(config.accountPause());
        LOG.errorf("%s refused the account (%s: %s); pausing %s until %s", calls.provider().name(), failure.code(), failure.getMessage(),
                job.model(), until);
        return limiter.pause(account, job.model(), until, failure.code() + ": " + failure.getMessage())
                .chain(started -> started
                        ? publisher.publish(new ProviderEvent.Paused(account, job.model(), failure.code(), failure.getMessage(), until))
                        : Uni.createFrom().voidItem())
                .onFailure().invoke(e -> LOG.errorf(e, "Could not pause %s", account))
                .onItemOrFailure().transformToUni((ignored, error) -> Uni.createFrom().<GenerationResult>failure(
                        new Requeue("the account of " + calls.provider().name() + " was refused: " + failure.code())));
    }

    private static <T> Uni<T> on(java.util.concurrent.Executor executor, java.util.function.Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(executor);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
