package studio.batch.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import studio.batch.config.BatchConfig;
import studio.common.events.VendorEvent;
import studio.common.limits.RateLimitConfig;
import studio.common.limits.RateLimits;

/**
 * The vendors' plans ({@code studio.queue.plans.*}): each vendor's weight in the fair queue and its
 * limits, from an admin's override, else its plan, else the default plan.
 */
@ApplicationScoped
public class Plans {

    private final BatchConfig.Queue config;
    private final RateLimitConfig limits;

    public Plans(BatchConfig.Queue config, RateLimitConfig limits) {
        this.config = config;
        this.limits = limits;
    }

    /**
     * What a vendor has: its plan's name and the figures in force; {@code rates} the request rates by
     * scope that differ from each service's default ({@code studio.limits.*}), announced to every
     * service on {@code studio.vendors}.
     */
    public record Limits(String plan, double weight, int maxQueuedItems, int maxRunningBatches, Map<String, VendorEvent.RequestRate> rates) {
    }

    /** What an admin set for a vendor instead of its plan's figures (each null: the plan's; {@code plan} null: the default plan). */
    public record Overrides(String plan, Double weight, Integer maxQueuedItems, Integer maxRunningBatches, Integer requestsPerMinute,
            Integer burst) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null);
    }

    /** Whether a plan of that name is configured. */
    public boolean exists(String plan) {
        return config.plans().containsKey(plan);
    }

    /** The configured plans' names. */
    public List<String> names() {
        return new ArrayList<>(config.plans().keySet());
    }

    /**
     * A vendor's figures: each override when set, else its plan's ({@code plan} null or unknown: the
     * default plan's). The request rates are the plan's {@code rates}; an admin's
     * {@code requestsPerMinute} and {@code burst} replace the {@code api} scope's.
     */
    public Limits limits(Overrides o) {
        String name = name(o.plan());
        BatchConfig.Queue.Plan chosen = config.plans().get(name);
        double planWeight = weight(chosen);
        int planQueued = chosen == null ? Integer.MAX_VALUE : chosen.maxQueuedItems();
        int planRunning = chosen == null ? Integer.MAX_VALUE : chosen.maxRunningBatches();
        Map<String, VendorEvent.RequestRate> rates = new TreeMap<>();
        if (chosen != null) {
            chosen.rates().forEach((scope, rate) -> rates.put(scope, new VendorEvent.RequestRate(rate.requestsPerMinute(), rate.burst())));
        }
        if (o.requestsPerMinute() != null || o.burst() != null) {
            VendorEvent.RequestRate api = rates.get(RateLimits.API_SCOPE);
            int perMinute = o.requestsPerMinute() != null ? o.requestsPerMinute() : api != null ? api.requestsPerMinute() : limits.requestsPerMinute();
            int burst = o.burst() != null ? o.burst() : api != null ? api.burst() : limits.burst();
            rates.put(RateLimits.API_SCOPE, new VendorEvent.RequestRate(perMinute, burst));
        }
        return new Limits(name, o.weight() != null && o.weight() > 0 ? o.weight() : planWeight,
                o.maxQueuedItems() != null ? o.maxQueuedItems() : planQueued, o.maxRunningBatches() != null ? o.maxRunningBatches() : planRunning,
                Map.copyOf(rates));
    }

    /** A vendor's weight: {@code override} when set, else its plan's ({@code plan} null: the default plan's). */
    public double weight(String plan, Double override) {
        // on the fair queue's hot path: the weight alone, without the rest of limits()
        return override != null && override > 0 ? override : weight(config.plans().get(name(plan)));
    }

    /** The plan a vendor is on: its own when it names a known one, else the default. */
    private String name(String plan) {
        return plan != null && config.plans().containsKey(plan) ? plan : config.defaultPlan();
    }

    private static double weight(BatchConfig.Queue.Plan plan) {
        return plan == null || !(plan.weight() > 0) ? 1.0 : plan.weight();
    }

    /** The default plan's name. */
    public String defaultPlan() {
        return config.defaultPlan();
    }

    /** The plans' names and weights as two parallel arrays, for SQL that weighs many vendors at once. */
    public Object[] asArrays() {
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Map.Entry<String, BatchConfig.Queue.Plan> plan : config.plans().entrySet()) {
            names.add(plan.getKey());
            weights.add(plan.getValue().weight());
        }
        return new Object[] { names.toArray(String[]::new), weights.toArray(Double[]::new) };
    }
}
