package studio.batch.service;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * {@code studio_budget_used_ratio{vendor}}: for each vendor with a monthly limit, what this month's
 * spend and its queued work's estimates take of it (1 is the limit), read every minute. An alert
 * fires as a vendor nears its limit (deploy/prometheus/studio-alerts.yml).
 */
@ApplicationScoped
public class BudgetGauges {

    private static final Logger LOG = Logger.getLogger(BudgetGauges.class);

    private final MultiGauge used;

    public BudgetGauges(MeterRegistry registry) {
        this.used = MultiGauge.builder("studio.budget.used.ratio")
                .description("This month's spend and queued work against each vendor's monthly limit (1: the limit)").register(registry);
    }

    @Scheduled(every = "${studio.budget.gauge-interval:60s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        String month = YearMonth.now(ZoneOffset.UTC).atDay(1).toString();
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT cast(b.vendor_id AS text), (coalesce((SELECT sum(cost_usd) FROM cost_ledger c WHERE c.vendor_id = b.vendor_id"
                        + "   AND c.recorded_at >= (cast(cast(?1 AS text) AS timestamp) AT TIME ZONE 'UTC')), 0)"
                        + " + coalesce((SELECT sum(estimated_cost_usd) FROM generation_items i WHERE i.vendor_id = b.vendor_id"
                        + "   AND i.status IN ('pending', 'processing')), 0)) / nullif(b.monthly_limit_usd, 0)"
                        + " FROM vendor_budgets b", Object[].class).setParameter(1, month).getResultList()))
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> gauges = new ArrayList<>();
                    for (Object[] row : rows) {
                        if (row[1] != null) {
                            gauges.add(MultiGauge.Row.of(Tags.of("vendor", (String) row[0]), ((Number) row[1]).doubleValue()));
                        }
                    }
                    used.register(gauges, true);
                })
                .onFailure().invoke(e -> LOG.debugf("Could not read the budgets for their gauges: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
