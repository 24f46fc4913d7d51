package studio.batch.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import studio.batch.config.BatchConfig;

/**
 * The vendors' plans ({@code studio.queue.plans.*}): each vendor's weight in the fair queue and its
 * limits, from an admin's override, else its plan, else the default plan.
 */
@ApplicationScoped
public class Plans {

    private final BatchConfig.Queue config;

    public Plans(BatchConfig.Queue config) {
        this.config = config;
    }

    /** What a vendor has: its plan's name and the figures in force. */
    public record Limits(String plan, double weight, int maxQueuedItems, int maxRunningBatches) {
    }

    /** Whether a plan of that name is configured. */
    public boolean exists(String plan) {
        return config.plans().containsKey(plan);
    }

    /** The configured plans' names. */
    public List<String> names() {
        return new ArrayList<>(config.plans().keySet());
    }

    /** A vendor's figures: each override when set, else its plan's ({@code plan} null or unknown: the default plan's). */
    public Limits limits(String plan, Double weight, Integer maxQueuedItems, Integer maxRunningBatches) {
        String name = plan != null && config.plans().containsKey(plan) ? plan : config.defaultPlan();
        BatchConfig.Queue.Plan chosen = config.plans().get(name);
        double planWeight = chosen == null || !(chosen.weight() > 0) ? 1.0 : chosen.weight();
        int planQueued = chosen == null ? Integer.MAX_VALUE : chosen.maxQueuedItems();
        int planRunning = chosen == null ? Integer.MAX_VALUE : chosen.maxRunningBatches();
        return new Limits(name, weight != null && weight > 0 ? weight : planWeight, maxQueuedItems != null ? maxQueuedItems : planQueued,
                maxRunningBatches != null ? maxRunningBatches : planRunning);
    }

    /** A vendor's weight: {@code override} when set, else its plan's ({@code plan} null: the default plan's). */
    public double weight(String plan, Double override) {
        return limits(plan, override, null, null).weight();
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
