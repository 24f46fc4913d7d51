package studio.common.limits;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A vendor's request rate in the service's own database, so every replica of the service draws on one
 * allowance: GCRA, one row per vendor and scope holding the theoretical arrival time (TAT). A request
 * moves the TAT on by one interval (60 s / the rate) from the later of itself and now, and is let in
 * while the TAT stays within {@code burst} intervals of now; one statement under the row's lock.
 */
@ApplicationScoped
public class VendorRateLimiter {

    private final Pool pool;

    public VendorRateLimiter(Pool pool) {
        this.pool = pool;
    }

    /**
     * What one request was told: let in or not; {@code remaining} requests it may still send at once;
     * {@code resetSeconds} until its whole allowance is back; {@code retryAfterSeconds} until the next
     * request would be let in (0 when it was).
     */
    public record Decision(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Takes one request of the vendor's allowance in a scope. */
    public Uni<Decision> take(UUID vendorId, String scope, int perMinute, int burst) {
        double interval = 60_000.0 / Math.max(1, perMinute);
        double tolerance = interval * Math.max(0, burst);
        return pool.preparedQuery("""
                WITH now AS (SELECT clock_timestamp() AS t),
                taken AS (
                    INSERT INTO vendor_request_limits AS l (vendor_id, scope, tat)
                    SELECT $1, $2, now.t + make_interval(secs => $3 / 1000.0) FROM now
                    ON CONFLICT (vendor_id, scope) DO UPDATE SET tat = greatest(l.tat, (SELECT t FROM now)) + make_interval(secs => $3 / 1000.0)
                    WHERE greatest(l.tat, (SELECT t FROM now)) + make_interval(secs => $3 / 1000.0) - (SELECT t FROM now)
                          <= make_interval(secs => ($4 + $3) / 1000.0)
                    RETURNING l.tat)
                SELECT (SELECT tat FROM taken) AS taken,
                       (SELECT tat FROM vendor_request_limits WHERE vendor_id = $1 AND scope = $2) AS current,
                       (SELECT t FROM now) AS now
                """).execute(Tuple.of(vendorId, scope, interval, tolerance)).map(rows -> {
                    Row row = rows.iterator().next();
                    boolean allowed = row.getOffsetDateTime("taken") != null;
                    java.time.OffsetDateTime now = row.getOffsetDateTime("now");
                    java.time.OffsetDateTime tat = allowed ? row.getOffsetDateTime("taken") : row.getOffsetDateTime("current");
                    double ahead = tat == null ? 0 : java.time.Duration.between(now, tat).toNanos() / 1_000_000.0;
                    long remaining = Math.max(0, (long) Math.floor((tolerance + interval - ahead) / interval));
                    long reset = (long) Math.ceil(Math.max(0, ahead) / 1000.0);
                    long retryAfter = allowed ? 0 : (long) Math.ceil(Math.max(0, ahead - tolerance) / 1000.0);
                    return new Decision(allowed, remaining, reset, Math.max(allowed ? 0 : 1, retryAfter));
                });
    }
}
