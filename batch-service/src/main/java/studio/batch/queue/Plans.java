package studio.batch.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import studio.batch.config.BatchConfig;

/** The vendors' plans: each vendor's weight in the fair queue, from an admin's override, else its plan, else the default plan. */
@ApplicationScoped
public class Plans {

    private final BatchConfig.Queue config;

    public Plans(BatchConfig.Queue config) {
        this.config = config;
    }

    /** A vendor's weight: {@code override} when set, else its plan's ({@code plan} null: the default plan's). */
    public double weight(String plan, Double override) {
        if (override != null && override > 0) {
            return override;
        }
        BatchConfig.Queue.Plan chosen = config.plans().get(plan == null ? config.defaultPlan() : plan);
        if (chosen == null) {
            chosen = config.plans().get(config.defaultPlan());
        }
        return chosen == null || !(chosen.weight() > 0) ? 1.0 : chosen.weight();
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
