package studio.worker.ratelimit;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * {@code studio_worker_provider_paused{account, model, reason}}: 1 while the fleet's pause of a model
 * lasts (an account refused, a provider's window exhausted), read from the worker database every
 * 15 seconds, so that an alert fires on a pause whichever replica set it.
 */
@Singleton
public class PauseGauges {

    private static final long EVERY_MS = 15_000;

    private final FleetRateLimiter limiter;
    private final MultiGauge paused;
    private final Vertx vertx;
    private long timer = -1;

    public PauseGauges(FleetRateLimiter limiter, MeterRegistry registry, Vertx vertx) {
        this.limiter = limiter;
        this.vertx = vertx;
        this.paused = MultiGauge.builder("studio.worker.provider.paused")
                .description("1 while the fleet pauses calls to a model (with the pause's reason)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        refresh();
        timer = vertx.setPeriodic(EVERY_MS, id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Reads the pauses now (the timer does every 15 s). */
    public void refresh() {
        limiter.states().subscribe().with(states -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (FleetRateLimiter.KeyState state : states) {
                rows.add(MultiGauge.Row.of(Tags.of("account", state.account(), "model", state.model(), "reason",
                        state.paused() && state.pauseReason() != null ? state.pauseReason() : "none"), state.paused() ? 1 : 0));
            }
            paused.register(rows, true);
        }, failure -> {
            // the database away: the gauges keep their last values until it answers again
        });
    }
}
