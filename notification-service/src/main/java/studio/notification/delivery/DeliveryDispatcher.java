package studio.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import studio.common.messaging.UntilAvailable;
import studio.notification.config.WebhookConfig;
import studio.notification.service.SubscriptionService;

/**
 * Sends what is due: every replica polls the delivery queue (and is woken at once when it has claimed
 * new deliveries), leases due rows, sends them, and records each outcome. A failed attempt is due
 * again after the retry schedule's next wait (stretched by jitter, and never before the endpoint's
 * {@code retry-after} on a 429, 502 or 504); after the last it fails for good. {@code 410 Gone}
 * disables the subscription, and so does failing without a success for {@code disable-after}.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    private static final Set<Integer> RETRY_AFTER_STATUSES = Set.of(429, 502, 504);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final DeliveryStore store;
    private final WebhookSender sender;
    private final SubscriptionService subscriptions;
    private final WebhookConfig config;
    private final Vertx vertx;
    private final UntilAvailable database;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Set when a look found no room for what may be due: a finished send looks again. */
    private final AtomicBoolean starved = new AtomicBoolean();
    private volatile boolean stopped;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final io.micrometer.core.instrument.Timer lag;
    private long timer = -1;

    public DeliveryDispatcher(DeliveryStore store, WebhookSender sender, SubscriptionService subscriptions, WebhookConfig config,
            Vertx vertx, UntilAvailable database, io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        this.lag = io.micrometer.core.instrument.Timer.builder("studio.webhooks.delivery.lag")
                .description("From a webhook delivery's creation (its event) to its successful attempt").register(registry);
        this.database = database;
        this.store = store;
        this.sender = sender;
        this.subscriptions = subscriptions;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Looks for due deliveries now (several wakes while a look runs make one more look). */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!polling.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        int room = config.maxInFlight() - inFlight.get();
        if (room <= 0) {
            starved.set(true);
            polling.set(false);
            return;
        }
        Uni<List<DeliveryStore.Leased>> leased = store.lease(Math.min(room, 100), config.lease());
        leased.subscribe().with(found -> {
            found.forEach(this::send);
            polling.set(false);
            // a full page or a wake while looking: there may be more
            if (again.get() || found.size() == 100) {
                wake();
            }
        }, failure -> {
            polling.set(false);
            LOG.warnf("Could not look for due webhook deliveries: %s", failure.getMessage());
        });
    }

    private void send(DeliveryStore.Leased delivery) {
        inFlight.incrementAndGet();
        sender.send(new WebhookSender.Message(delivery.url(), delivery.secrets(), delivery.eventId(), delivery.payload()))
                .chain(outcome -> {
                    DeliveryStore.Verdict verdict = verdict(delivery, outcome);
                    // studio_webhooks_attempts_total{outcome}: every attempt; the alerts watch the failed share
                    io.micrometer.core.instrument.Counter.builder("studio.webhooks.attempts").description("Webhook delivery attempts by outcome")
                            .tag("outcome", outcome.succeeded() ? "succeeded" : verdict.next() == null ? "failed" : "retrying")
                            .register(registry).increment();
                    if (outcome.succeeded() && delivery.createdAt() != null) {
                        lag.record(Duration.between(delivery.createdAt(), Instant.now()));
                    }
                    if (!outcome.succeeded()) {
                        LOG.infof("Webhook %s (%s) to %s: attempt %d failed: %s; %s", delivery.eventId(), delivery.eventType(),
                                delivery.url(), delivery.attempts() + 1, outcome.error(),
                                verdict.next() == null ? "no further attempt" : "next at " + verdict.next());
                    }
                    // a webhook sent while the database is away: its outcome waits for the database (within the
                    // lease), rather than being lost and the webhook sent again once the lease ends
                    return database.<Instant>run("webhook-outcomes", () -> store.record(delivery, outcome, verdict)).chain(failingSince -> {
                        if (outcome.status() == 410) {
                            return disable(delivery, "the endpoint answered 410 Gone");
                        }
                        if (failingSince != null && failingSince.isBefore(Instant.now().minus(config.disableAfter()))) {
                            return disable(delivery, "every delivery has failed since " + failingSince);
                        }
                        return Uni.createFrom().voidItem();
                    });
                })
                .onTermination().invoke(() -> {
                    inFlight.decrementAndGet();
                    if (starved.compareAndSet(true, false)) {
                        // room again: what waited for it need not wait for the next poll
                        vertx.runOnContext(this::wake);
                    }
                })
                .subscribe().with(ignored -> {
                }, failure -> LOG.errorf(failure, "Webhook %s to %s: the outcome could not be recorded (the delivery is sent"
                        + " again once its lease ends)", delivery.eventId(), delivery.url()));
    }

    /** Where an attempt leaves the delivery. */
    DeliveryStore.Verdict verdict(DeliveryStore.Leased delivery, WebhookSender.Outcome outcome) {
        if (outcome.succeeded()) {
            return new DeliveryStore.Verdict(DeliveryStore.SUCCEEDED, delivery.step(), null);
        }
        List<Duration> schedule = config.retrySchedule();
        int next = delivery.step() + 1;
        if (outcome.status() == 410 || next >= schedule.size()) {
            return new DeliveryStore.Verdict(DeliveryStore.FAILED, delivery.step(), null);
        }
        Duration wait = jittered(schedule.get(next));
        if (outcome.retryAfter() != null && RETRY_AFTER_STATUSES.contains(outcome.status())) {
            Duration asked = outcome.retryAfter().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : outcome.retryAfter();
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        return new DeliveryStore.Verdict(DeliveryStore.PENDING, next, Instant.now().plus(wait));
    }

    private Duration jittered(Duration wait) {
        double jitter = config.retryJitter();
        if (wait.isZero() || jitter <= 0) {
            return wait;
        }
        double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    /** Disables the subscription and tells the vendor, in a transaction of its own (off the event loop). */
    private Uni<Void> disable(DeliveryStore.Leased delivery, String reason) {
        UUID id = delivery.subscriptionId();
        return Uni.createFrom().item(() -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> subscriptions.disableFailing(id, reason));
            } catch (Throwable e) {
                throw new IllegalStateException("subscription " + id + " could not be disabled", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid()
                .invoke(() -> LOG.warnf("Webhook subscription %s (%s) disabled: %s", id, delivery.url(), reason))
                .invoke(this::wake);
    }
}
