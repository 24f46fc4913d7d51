package studio.worker.engine;

import java.math.BigDecimal;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's meters (Prometheus format at {@code /q/metrics}): calls in flight and jobs held per lane
 * (gauges, registered by the {@link Dispatcher}), time spent waiting for the fleet's rate limit,
 * provider latency by outcome, 429 answers, cost by model, and results by outcome.
 */
@ApplicationScoped
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer rateLimitWait;
    private final Counter tooManyRequests;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimitWait = Timer.builder("studio.worker.rate.limit.wait")
                .description("How long a job waited for a permit of the fleet's rate limit").register(registry);
        this.tooManyRequests = Counter.builder("studio.worker.provider.rate.limited")
                .description("Provider answers 429 rate_limit_exceeded").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void waitedForPermit(Duration waited) {
        rateLimitWait.record(waited);
    }

    /** One provider call and how it ended ({@code ok}, or the error code). */
    public void providerCall(String provider, Duration latency, String outcome) {
        Timer.builder("studio.worker.provider.latency").description("Provider call latency")
                .tag("provider", provider).tag("outcome", outcome).register(registry).record(latency);
        if ("rate_limit_exceeded".equals(outcome)) {
            tooManyRequests.increment();
        }
    }

    /** What a call cost, by model and by vendor (the dashboards' cost per hour and per vendor). */
    public void cost(String model, java.util.UUID vendorId, BigDecimal usd) {
        if (usd != null && usd.signum() > 0) {
            Counter.builder("studio.worker.cost.usd").description("What provider calls cost, in USD").tag("model", model)
                    .tag("vendor", String.valueOf(vendorId)).register(registry).increment(usd.doubleValue());
        }
    }

    /** A job that ended failed, by its error code (the dashboards' failures by reason). */
    public void failure(String code) {
        Counter.builder("studio.worker.failures").description("Jobs that ended failed, by error code")
                .tag("code", code == null ? "unknown" : code).register(registry).increment();
    }

    /** A record of a jobs topic that was no job at all, sent to the dead-letter topic. */
    public void deadLettered(String topic) {
        Counter.builder("studio.worker.dead.lettered").description("Records of the jobs topics sent to the dead-letter topic")
                .tag("topic", topic).register(registry).increment();
    }

    /** A job's end here: {@code completed}, {@code reused}, {@code failed}, {@code skipped} or {@code handed_back}. */
    public void result(String outcome) {
        Counter.builder("studio.worker.results").description("Jobs by outcome").tag("outcome", outcome).register(registry).increment();
    }
}
