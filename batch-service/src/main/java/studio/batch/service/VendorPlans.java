package studio.batch.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.batch.queue.Plans;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.VendorEvent;
import studio.common.json.Canonical;
import studio.common.outbox.Outbox;
import studio.common.outbox.OutboxEvent;
import studio.common.persistence.NativeSql;

/**
 * Each vendor's plan and an admin's overrides of it ({@code vendor_plans}), the caps they put on new
 * work (images not yet ended, batches running at once), and the request rates they give, which every
 * service learns from {@code studio.vendors}.
 */
@ApplicationScoped
public class VendorPlans {

    private static final Logger LOG = Logger.getLogger(VendorPlans.class);

    private final Plans plans;
    private final Outbox outbox;
    private final Pool pool;

    public VendorPlans(Plans plans, Outbox outbox, Pool pool) {
        this.plans = plans;
        this.outbox = outbox;
        this.pool = pool;
    }

    /** A vendor's plan as it stands: the figures in force and what overrides them. */
    public record VendorPlan(UUID vendorId, Plans.Limits limits, Plans.Overrides overrides) {
    }

    @WithSession
    public Uni<VendorPlan> of(UUID vendorId) {
        return stored(vendorId).map(o -> new VendorPlan(vendorId, plans.limits(o), o));
    }

    /**
     * Sets a vendor's plan and overrides (each null: none); 400 for a plan that is not configured. The
     * request rates it gives are announced to every service ({@code vendor.plan-changed}) in the same
     * transaction.
     */
    @WithTransaction
    public Uni<VendorPlan> set(UUID vendorId, Plans.Overrides overrides) {
        if (overrides.plan() != null && !plans.exists(overrides.plan())) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown plan.", java.util.List.of(Problem.FieldError.of("plan",
                    "must be one of " + String.join(", ", plans.names())))));
        }
        Plans.Limits limits = plans.limits(overrides);
        return NativeSql.update("INSERT INTO vendor_plans (vendor_id, plan, weight, max_queued_items, max_running_batches,"
                + " requests_per_minute, burst, announced, updated_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, now()) ON CONFLICT (vendor_id) DO UPDATE SET plan = excluded.plan,"
                + " weight = excluded.weight, max_queued_items = excluded.max_queued_items,"
                + " max_running_batches = excluded.max_running_batches, requests_per_minute = excluded.requests_per_minute,"
                + " burst = excluded.burst, announced = excluded.announced, updated_at = now()",
                vendorId, overrides.plan(), overrides.weight(), overrides.maxQueuedItems(), overrides.maxRunningBatches(),
                overrides.requestsPerMinute(), overrides.burst(), Canonical.json(limits.rates()))
                .chain(() -> outbox.publish(announcement(vendorId, limits)))
                .chain(() -> of(vendorId));
    }

    private static VendorEvent.PlanChanged announcement(UUID vendorId, Plans.Limits limits) {
        return new VendorEvent.PlanChanged(vendorId, limits.plan(), limits.rates());
    }

    /**
     * Announces again the rates of every vendor whose plan now gives other rates than were last
     * announced (the plans' configuration changed since), once batch-service has started. Replicas
     * starting together may both announce a vendor: the same event twice, which changes nothing.
     */
    void announceChanged(@Observes StartupEvent event) {
        pool.withTransaction(connection -> connection.query("SELECT vendor_id, plan, weight, max_queued_items, max_running_batches,"
                + " requests_per_minute, burst, announced FROM vendor_plans FOR UPDATE").execute().chain(rows -> {
                    List<OutboxEvent> events = new ArrayList<>();
                    List<Tuple> announced = new ArrayList<>();
                    for (Row row : rows) {
                        UUID vendorId = row.getUUID("vendor_id");
                        Plans.Limits limits = plans.limits(new Plans.Overrides(row.getString("plan"), row.getDouble("weight"),
                                row.getInteger("max_queued_items"), row.getInteger("max_running_batches"),
                                row.getInteger("requests_per_minute"), row.getInteger("burst")));
                        String rates = Canonical.json(limits.rates());
                        if (!rates.equals(row.getString("announced"))) {
                            events.add(outbox.prepare(announcement(vendorId, limits)));
                            announced.add(Tuple.of(vendorId, rates));
                        }
                    }
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return outbox.insert(connection, events)
                            .chain(() -> connection.preparedQuery("UPDATE vendor_plans SET announced = $2 WHERE vendor_id = $1")
                                    .executeBatch(announced))
                            .replaceWith(events.size());
                })).subscribe().with(count -> {
                    if (count > 0) {
                        LOG.infof("Announced the request rates of %d vendor(s) whose plan's rates changed", count);
                    }
                }, failure -> LOG.warnf("Could not announce the vendors' changed plan rates (tried again at the next start): %s",
                        failure.getMessage()));
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

    private Uni<Plans.Overrides> stored(UUID vendorId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT plan, weight, max_queued_items, max_running_batches, requests_per_minute, burst FROM vendor_plans WHERE vendor_id = ?1",
                Object[].class).setParameter(1, vendorId).getResultList())
                .map(rows -> rows.isEmpty() ? Plans.Overrides.NONE : new Plans.Overrides((String) rows.get(0)[0],
                        rows.get(0)[1] == null ? null : ((Number) rows.get(0)[1]).doubleValue(), integer(rows.get(0)[2]),
                        integer(rows.get(0)[3]), integer(rows.get(0)[4]), integer(rows.get(0)[5])));
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
