package studio.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.ProblemException;
import studio.common.persistence.Rows;

/**
 * The delivery queue and its log, in the service's database: what is due, who is sending it (a lease
 * per row, taken with {@code FOR UPDATE SKIP LOCKED}, so replicas never send the same attempt), and
 * every attempt's outcome. Plain SQL on the reactive pool: none of it needs entities.
 */
@ApplicationScoped
public class DeliveryStore {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final List<String> STATUSES = List.of(PENDING, SUCCEEDED, FAILED);

    private final Pool pool;

    public DeliveryStore(Pool pool) {
        this.pool = pool;
    }

    /** A delivery this replica holds for one attempt: the message and where and how to sign it. */
    public record Leased(UUID id, UUID subscriptionId, UUID vendorId, String eventId, String eventType, String payload,
            int attempts, int step, String url, List<String> secrets, Instant createdAt) {
    }

    /** Takes up to {@code limit} due deliveries of enabled subscriptions for {@code lease}, oldest due first. */
    public Uni<List<Leased>> lease(int limit, Duration lease) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                      AND (d.leased_until IS NULL OR d.leased_until < now()) AND s.enabled
                    ORDER BY d.next_attempt_at LIMIT $1
                    FOR UPDATE OF d SKIP LOCKED)
                UPDATE webhook_deliveries d SET leased_until = now() + make_interval(secs => $2)
                FROM due, webhook_subscriptions s
                WHERE d.id = due.id AND s.id = d.subscription_id
                RETURNING d.id, d.subscription_id, s.vendor_id, d.event_id, d.event_type, d.payload, d.attempts, d.schedule_step, d.created_at,
                          s.url, s.secret, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END AS previous_secret
                """).execute(Tuple.of(limit, (double) lease.toMillis() / 1000.0)).map(rows -> {
                    List<Leased> leased = new ArrayList<>();
                    for (Row r : rows) {
                        List<String> secrets = r.getString("previous_secret") == null ? List.of(r.getString("secret"))
                                : List.of(r.getString("secret"), r.getString("previous_secret"));
                        leased.add(new Leased(r.getUUID("id"), r.getUUID("subscription_id"), r.getUUID("vendor_id"),
                                r.getString("event_id"), r.getString("event_type"), r.getString("payload"), r.getInteger("attempts"),
                                r.getInteger("schedule_step"), r.getString("url"), secrets,
                                r.getOffsetDateTime("created_at").toInstant()));
                    }
                    return leased;
                });
    }

    /** What an attempt decided: the delivery's state afterwards. {@code next} is null once it has ended. */
    public record Verdict(String status, int step, Instant next) {
    }

    /**
     * Logs one attempt and moves the delivery on, in one transaction; the subscription's failing-since
     * mark is set on a failure and cleared on a success. Returns since when the subscription has been
     * failing (null: it is not).
     */
    public Uni<Instant> record(Leased delivery, WebhookSender.Outcome outcome, Verdict verdict) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, status = $2::text, schedule_step = $3, next_attempt_at = $4,
                       leased_until = NULL, last_status_code = $5, last_error = $6,
                       ended_at = CASE WHEN $2::text = 'pending' THEN NULL ELSE now() END
                WHERE id = $1 RETURNING attempts
                """).execute(Tuple.from(Arrays.asList(delivery.id(), verdict.status(), verdict.step(), time(verdict.next()),
                        statusCode(outcome), error(outcome))))
                .chain(rows -> connection.preparedQuery("""
                        INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms, error, next_attempt_at)
                        VALUES ($1, $2, now(), $3, $4, $5, $6) ON CONFLICT DO NOTHING
                        """).execute(Tuple.from(Arrays.asList(delivery.id(), rows.iterator().next().getInteger("attempts"), statusCode(outcome),
                        (int) Math.min(Integer.MAX_VALUE, outcome.latencyMs()), error(outcome), time(verdict.next())))))
                .chain(() -> connection.preparedQuery("""
                        UPDATE webhook_subscriptions SET failing_since = CASE WHEN $2 THEN NULL ELSE coalesce(failing_since, now()) END
                        WHERE id = $1 RETURNING failing_since
                        """).execute(Tuple.of(delivery.subscriptionId(), outcome.succeeded())))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    return Rows.instant(it.next(), "failing_since");
                }));
    }

    private static Object time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Object statusCode(WebhookSender.Outcome outcome) {
        return outcome.status() == 0 ? null : outcome.status();
    }

    private static String error(WebhookSender.Outcome outcome) {
        String error = outcome.error();
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    /** One delivery as its log shows it. */
    public record DeliveryView(UUID id, UUID subscriptionId, String webhookId, String eventType, String status, int attempts,
            Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant createdAt, Instant endedAt) {
    }

    /** One attempt of a delivery. */
    public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, int latencyMs, String error,
            Instant nextAttemptAt) {
    }

    /** A delivery with its payload and every attempt. */
    public record DeliveryDetail(DeliveryView delivery, String payload, List<AttemptView> attempts) {
    }

    private static final String VIEW_COLUMNS = "d.id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts,"
            + " d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.ended_at";

    /** Succeeds when the subscription is the vendor's; else 404. */
    public Uni<Void> subscriptionExists(UUID vendorId, UUID subscriptionId) {
        return pool.preparedQuery("SELECT 1 FROM webhook_subscriptions WHERE id = $1 AND vendor_id = $2")
                .execute(Tuple.of(subscriptionId, vendorId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ProblemException.notFound("Webhook subscription", subscriptionId);
                    }
                    return null;
                });
    }

    /** The deliveries of one of the vendor's subscriptions, newest first, optionally of one status. */
    public Uni<Page<DeliveryView>> list(UUID vendorId, UUID subscriptionId, String status, PageRequest page) {
        if (status != null && !STATUSES.contains(status)) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown delivery status.",
                    List.of(studio.common.error.Problem.FieldError.of("status", "must be one of " + String.join(", ", STATUSES)))));
        }
        String where = " FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id"
                + " WHERE s.vendor_id = $1 AND s.id = $2 AND ($3::text IS NULL OR d.status = $3)";
        Tuple args = Tuple.of(vendorId, subscriptionId, status);
        return pool.preparedQuery("SELECT count(*) AS n" + where).execute(args).chain(count -> {
            long total = count.iterator().next().getLong("n");
            return pool.preparedQuery("SELECT " + VIEW_COLUMNS + where + " ORDER BY d.created_at DESC, d.id LIMIT $4 OFFSET $5")
                    .execute(Tuple.of(vendorId, subscriptionId, status, page.size(), page.page() * page.size()))
                    .map(rows -> {
                        List<DeliveryView> items = new ArrayList<>();
                        rows.forEach(r -> items.add(view(r)));
                        return new Page<>(items, total, page.page(), page.size());
                    });
        });
    }

    /** One delivery of one of the vendor's subscriptions, with its attempts; 404 otherwise. */
    public Uni<DeliveryDetail> get(UUID vendorId, UUID subscriptionId, UUID deliveryId) {
        return pool.preparedQuery("SELECT " + VIEW_COLUMNS + ", d.payload FROM webhook_deliveries d"
                + " JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE s.vendor_id = $1 AND s.id = $2 AND d.id = $3")
                .execute(Tuple.of(vendorId, subscriptionId, deliveryId)).chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Delivery", deliveryId));
                    }
                    Row row = rows.iterator().next();
                    return pool.preparedQuery("SELECT attempt, attempted_at, status_code, latency_ms, error, next_attempt_at"
                            + " FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt").execute(Tuple.of(deliveryId))
                            .map(attempts -> {
                                List<AttemptView> list = new ArrayList<>();
                                attempts.forEach(a -> list.add(new AttemptView(a.getInteger("attempt"), Rows.instant(a, "attempted_at"),
                                        a.getInteger("status_code"), a.getInteger("latency_ms"), a.getString("error"),
                                        Rows.instant(a, "next_attempt_at"))));
                                return new DeliveryDetail(view(row), row.getString("payload"), list);
                            });
                });
    }

    /**
     * Sends one of the vendor's deliveries again, now and then on the retry schedule from its start,
     * with the same {@code webhook-id} and payload; 404 otherwise.
     */
    public Uni<DeliveryView> replay(UUID vendorId, UUID subscriptionId, UUID deliveryId) {
        return pool.preparedQuery("""
                UPDATE webhook_deliveries d SET status = 'pending', schedule_step = 0, next_attempt_at = now(), leased_until = NULL,
                       ended_at = NULL
                FROM webhook_subscriptions s
                WHERE s.id = d.subscription_id AND s.vendor_id = $1 AND s.id = $2 AND d.id = $3
                RETURNING\s""" + VIEW_COLUMNS).execute(Tuple.of(vendorId, subscriptionId, deliveryId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ProblemException.notFound("Delivery", deliveryId);
                    }
                    return view(rows.iterator().next());
                });
    }

    private static DeliveryView view(Row r) {
        return new DeliveryView(r.getUUID("id"), r.getUUID("subscription_id"), r.getString("event_id"), r.getString("event_type"),
                r.getString("status"), r.getInteger("attempts"), r.getInteger("last_status_code"), r.getString("last_error"),
                Rows.instant(r, "next_attempt_at"), Rows.instant(r, "created_at"), Rows.instant(r, "ended_at"));
    }
}
