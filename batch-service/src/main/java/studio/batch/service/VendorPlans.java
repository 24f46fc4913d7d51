package studio.batch.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.queue.Plans;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.persistence.NativeSql;

/**
 * Each vendor's plan and an admin's overrides of it ({@code vendor_plans}), and the caps they put on
 * new work: images not yet ended, and batches running at once.
 */
@ApplicationScoped
public class VendorPlans {

    private final Plans plans;

    public VendorPlans(Plans plans) {
        this.plans = plans;
    }

    /** What an admin set for a vendor (null: the plan's figure, or the default plan). */
    public record Overrides(String plan, Double weight, Integer maxQueuedItems, Integer maxRunningBatches) {
        static final Overrides NONE = new Overrides(null, null, null, null);
    }

    /** A vendor's plan as it stands: the figures in force and what overrides them. */
    public record VendorPlan(UUID vendorId, Plans.Limits limits, Overrides overrides) {
    }

    @WithSession
    public Uni<VendorPlan> of(UUID vendorId) {
        return stored(vendorId).map(o -> new VendorPlan(vendorId, plans.limits(o.plan(), o.weight(), o.maxQueuedItems(),
                o.maxRunningBatches()), o));
    }

    /** Sets a vendor's plan and overrides (each null: none); 400 for a plan that is not configured. */
    @WithTransaction
    public Uni<VendorPlan> set(UUID vendorId, Overrides overrides) {
        if (overrides.plan() != null && !plans.exists(overrides.plan())) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown plan.", java.util.List.of(Problem.FieldError.of("plan",
                    "must be one of " + String.join(", ", plans.names())))));
        }
        return NativeSql.update("INSERT INTO vendor_plans (vendor_id, plan, weight, max_queued_items, max_running_batches, updated_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, now()) ON CONFLICT (vendor_id) DO UPDATE SET plan = excluded.plan,"
                + " weight = excluded.weight, max_queued_items = excluded.max_queued_items,"
                + " max_running_batches = excluded.max_running_batches, updated_at = now()",
                vendorId, overrides.plan(), overrides.weight(), overrides.maxQueuedItems(), overrides.maxRunningBatches())
                .chain(() -> of(vendorId));
    }

    /**
     * Refuses new work that would take the vendor past its caps: {@code items} more images not yet
     * ended, and {@code batches} (0 or 1) more batches running. Call it in the storing transaction,
     * after the budget check, whose lock per vendor keeps two requests from both taking the last place.
     */
    public Uni<Void> checkRoom(UUID vendorId, int items, int batches) {
        return of(vendorId).chain(plan -> Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT (SELECT count(*) FROM generation_items WHERE vendor_id = ?1 AND status IN ('pending', 'processing')),"
                        + " (SELECT count(*) FROM generation_batches WHERE vendor_id = ?1 AND status IN ('pending', 'processing'))",
                Object[].class).setParameter(1, vendorId).getSingleResult()).map(row -> {
                    long queued = ((Number) row[0]).longValue();
                    long running = ((Number) row[1]).longValue();
                    Plans.Limits limits = plan.limits();
                    if (items > 0 && queued + items > limits.maxQueuedItems()) {
                        throw new Refusal.QueueFull(limits.plan(), limits.maxQueuedItems(), queued, items);
                    }
                    if (batches > 0 && running + batches > limits.maxRunningBatches()) {
                        throw new Refusal.TooManyRunningBatches(limits.plan(), limits.maxRunningBatches(), running);
                    }
                    return null;
                })).replaceWithVoid();
    }

    private Uni<Overrides> stored(UUID vendorId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT plan, weight, max_queued_items, max_running_batches FROM vendor_plans WHERE vendor_id = ?1", Object[].class)
                .setParameter(1, vendorId).getResultList())
                .map(rows -> rows.isEmpty() ? Overrides.NONE : new Overrides((String) rows.get(0)[0],
                        rows.get(0)[1] == null ? null : ((Number) rows.get(0)[1]).doubleValue(),
                        rows.get(0)[2] == null ? null : ((Number) rows.get(0)[2]).intValue(),
                        rows.get(0)[3] == null ? null : ((Number) rows.get(0)[3]).intValue()));
    }
}
