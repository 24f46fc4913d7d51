package studio.batch.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.catalog.Cost;
import studio.common.catalog.Pricing;
import studio.common.events.GenerationResult;
import studio.common.persistence.NativeSql;

/**
 * The cost ledger and the monthly budgets. Every attempt that reports a result is one ledger row
 * (failed attempts and late results of cancelled items too: what a provider charged was charged);
 * a result delivered twice is counted once. Months are calendar months in UTC. A budget caps what a
 * vendor's month may cost: what is spent, plus the estimates of the items still queued, plus the new
 * work's estimate.
 */
@ApplicationScoped
public class Costs {

    private final ObjectMapper json;

    public Costs(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Writes a result's cost to the ledger and adds it to its item and batch, once per item and
     * attempt. Runs in the caller's transaction; takes the item's row lock before the batch's, the
     * order every writer of both keeps.
     */
    public Uni<Void> record(GenerationResult result) {
        if (!(result instanceof GenerationResult.Ended ended)) {
            return Uni.createFrom().voidItem();
        }
        String outcome = result instanceof GenerationResult.Completed ? "completed" : "failed";
        BigDecimal amount = ended.costUsd() == null ? BigDecimal.ZERO : ended.costUsd();
        return NativeSql.update("WITH entry AS (INSERT INTO cost_ledger (item_id, attempt, batch_id, vendor_id, outcome, provider,"
                + " model, cost_usd, cost_basis, usage) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, cast(nullif(cast(?10 AS text), '') AS jsonb))"
                + " ON CONFLICT DO NOTHING RETURNING item_id, cost_usd)"
                + " UPDATE generation_items q SET cost_usd = q.cost_usd + entry.cost_usd FROM entry WHERE q.id = entry.item_id",
                result.itemId(), result.attempt(), result.batchId(), result.vendorId(), outcome, ended.provider(), ended.model(), amount,
                ended.costBasis() == null ? Cost.NONE : ended.costBasis(), usageJson(ended.usage()))
                .chain(items -> items == 0 || amount.signum() == 0 ? Uni.createFrom().voidItem()
                        : NativeSql.update("UPDATE generation_batches SET cost_usd = cost_usd + ?2 WHERE id = ?1", result.batchId(), amount)
                                .replaceWithVoid());
    }

    private String usageJson(Object usage) {
        try {
            return usage == null ? "" : json.writeValueAsString(usage);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage cannot be written as JSON", e);
        }
    }

    /** A vendor's month: what it cost in all, by outcome, by model and by day (UTC, days with any attempt), and how many attempts. */
    public record Month(String month, BigDecimal totalUsd, BigDecimal completedUsd, BigDecimal failedUsd, long attempts,
            long completed, long failed, Map<String, BigDecimal> byModel, List<Day> byDay, Budget budget) {
    }

    /** One day of a month: what it cost and its attempts, completed and failed. */
    public record Day(String date, BigDecimal usd, long completed, long failed) {
    }

    @WithSession
    public Uni<Month> month(UUID vendorId, YearMonth month) {
        String start = month.atDay(1).toString();
        Uni<List<Object[]>> rows = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT coalesce(model, ''), outcome, count(*), coalesce(sum(cost_usd), 0) FROM cost_ledger"
                        + " WHERE vendor_id = ?1 AND " + IN_MONTH + " GROUP BY 1, 2 ORDER BY 1, 2", Object[].class)
                .setParameter(1, vendorId).setParameter(2, start).getResultList());
        Uni<List<Day>> days = Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), coalesce(sum(cost_usd), 0),"
                        + " count(*) FILTER (WHERE outcome = 'completed'), count(*) FILTER (WHERE outcome <> 'completed')"
                        + " FROM cost_ledger WHERE vendor_id = ?1 AND " + IN_MONTH + " GROUP BY 1 ORDER BY 1", Object[].class)
                .setParameter(1, vendorId).setParameter(2, start).getResultList())
                .map(list -> list.stream().map(row -> new Day((String) row[0], usd(row[1]), ((Number) row[2]).longValue(),
                        ((Number) row[3]).longValue())).toList());
        return rows.chain(list -> days.chain(byDay -> budget(vendorId).map(budget -> {
            BigDecimal completedUsd = zero();
            BigDecimal failedUsd = zero();
            long completed = 0;
            long failed = 0;
            Map<String, BigDecimal> byModel = new LinkedHashMap<>();
            for (Object[] row : list) {
                long count = ((Number) row[2]).longValue();
                BigDecimal amount = usd(row[3]);
                if ("completed".equals(row[1])) {
                    completed += count;
                    completedUsd = completedUsd.add(amount);
                } else {
                    failed += count;
                    failedUsd = failedUsd.add(amount);
                }
                byModel.merge(String.valueOf(row[0]), amount, BigDecimal::add);
            }
            return new Month(month.toString(), completedUsd.add(failedUsd), completedUsd, failedUsd, completed + failed, completed,
                    failed, byModel, byDay, YearMonth.now(ZoneOffset.UTC).equals(month) ? budget : null);
        })));
    }

    /** {@code recorded_at} within the month that starts at {@code ?2} (a date), in UTC. */
    private static final String IN_MONTH = "recorded_at >= (cast(cast(?2 AS text) AS timestamp) AT TIME ZONE 'UTC')"
            + " AND recorded_at < ((cast(cast(?2 AS text) AS timestamp) + interval '1 month') AT TIME ZONE 'UTC')";

    /**
     * The vendor's budget for the current month: {@code monthlyLimitUsd} null when it has none;
     * {@code spentUsd} recorded this month; {@code reservedUsd} the estimates of its items still
     * queued; {@code remainingUsd} what is left for new work (null without a limit).
     */
    public record Budget(String month, BigDecimal monthlyLimitUsd, BigDecimal spentUsd, BigDecimal reservedUsd,
            BigDecimal remainingUsd) {
    }

    @WithSession
    public Uni<Budget> budget(UUID vendorId) {
        return currentBudget(vendorId);
    }

    private Uni<Budget> currentBudget(UUID vendorId) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT (SELECT monthly_limit_usd FROM vendor_budgets WHERE vendor_id = ?1),"
                        + " (SELECT coalesce(sum(cost_usd), 0) FROM cost_ledger WHERE vendor_id = ?1 AND " + IN_MONTH + "),"
                        + " (SELECT coalesce(sum(estimated_cost_usd), 0) FROM generation_items"
                        + "  WHERE vendor_id = ?1 AND status IN ('pending', 'processing'))", Object[].class)
                .setParameter(1, vendorId).setParameter(2, month.atDay(1).toString()).getSingleResult())
                .map(row -> {
                    BigDecimal limit = row[0] == null ? null : usd(row[0]);
                    BigDecimal spent = usd(row[1]);
                    BigDecimal reserved = usd(row[2]);
                    return new Budget(month.toString(), limit, spent, reserved,
                            limit == null ? null : limit.subtract(spent).subtract(reserved).max(zero()));
                });
    }

    /** Sets (or with null removes) the vendor's monthly limit, and answers the budget as it now stands. */
    @WithTransaction
    public Uni<Budget> setLimit(UUID vendorId, BigDecimal monthlyLimitUsd) {
        Uni<Integer> change = monthlyLimitUsd == null
                ? NativeSql.update("DELETE FROM vendor_budgets WHERE vendor_id = ?1", vendorId)
                : NativeSql.update("INSERT INTO vendor_budgets (vendor_id, monthly_limit_usd) VALUES (?1, ?2)"
                        + " ON CONFLICT (vendor_id) DO UPDATE SET monthly_limit_usd = excluded.monthly_limit_usd, updated_at = now()",
                        vendorId, monthlyLimitUsd);
        return change.chain(() -> currentBudget(vendorId));
    }

    /**
     * Refuses new work whose estimate does not fit the vendor's budget this month (422 with the
     * figures); without a budget, anything fits. Runs in the transaction that stores the work, under
     * a lock per vendor, so that two requests at once cannot both take the last of a budget.
     */
    public Uni<Void> checkBudget(UUID vendorId, BigDecimal estimate) {
        return NativeSql.lock("budget:" + vendorId).chain(() -> currentBudget(vendorId)).map(budget -> {
            if (budget.monthlyLimitUsd() == null) {
                return null;
            }
            BigDecimal committed = budget.spentUsd().add(budget.reservedUsd());
            if (committed.add(estimate).compareTo(budget.monthlyLimitUsd()) > 0) {
                throw new Refusal.BudgetExceeded(budget, estimate);
            }
            return null;
        }).replaceWithVoid();
    }

    /** A database amount (numeric) in USD at the ledger's scale. */
    static BigDecimal usd(Object value) {
        BigDecimal amount = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        return amount.setScale(Pricing.SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(Pricing.SCALE);
    }
}
