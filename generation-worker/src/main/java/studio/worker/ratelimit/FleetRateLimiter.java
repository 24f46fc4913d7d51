package studio.worker.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.persistence.Rows;
import studio.worker.config.WorkerConfig;

/**
 * One rate limit for the whole worker fleet, per provider account and model, kept in the worker
 * database so that every replica draws from the same allowance. It is a GCRA: each permit moves the
 * row's theoretical arrival time ({@code tat}) on by 60 s / limit (times 1 + {@code headroom}), in one
 * atomic statement under the row's lock, so the fleet's requests are spaced evenly. A permit may come
 * up to a tolerance before {@code tat} (one spacing, at most half the slack the headroom leaves in a
 * minute: 30 s x headroom): a replica that asks a few milliseconds late, as a timer and a round trip
 * make it, then takes nothing from the allowance (without it each late permit moved {@code tat} on from
 * its own late time, and the fleet used 94 to 96% of the limit), while any 60 s still sees at most
 * 1 + (60 s + tolerance) / spacing permits, never more than the limit: one more would take the other
 * half of the headroom's slack in jitter on the way to the provider. A pause ({@code paused_until})
 * stops every replica: a 429's {@code retry-after}, an exhausted {@code x-ratelimit} window, or an
 * account the provider refused.
 * The limit is the configured one, or the provider's {@code x-ratelimit-limit-requests} when that is
 * lower (or nothing is configured).
 */
@ApplicationScoped
public class FleetRateLimiter {

    private static final Logger LOG = Logger.getLogger(FleetRateLimiter.class);

    /** A permit's answer: granted now, or how long to wait before asking again (and why, if paused). */
    public record Answer(boolean granted, Duration delay, String pauseReason) {
    }

    private final Pool pool;
    private final WorkerConfig.RateLimit config;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> learned = new ConcurrentHashMap<>();
    /** For keys without any limit: the pause as last read, and when (a permit then costs no round trip). */
    /**
     * How long a caller waits on a pause before it asks again, however long the pause: an operator's
     * resume (on any replica) ends the wait within this, instead of at the pause's old end.
     */
    public static final Duration PAUSE_RECHECK = Duration.ofSeconds(1);

    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();

    private record Pause(java.time.Instant until, String reason, long readAtNanos) {
    }

    /** How stale an unlimited key's pause may be: a pause another replica starts reaches this one within this. */
    private static final long PAUSE_FRESHNESS_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    public FleetRateLimiter(Pool pool, WorkerConfig config) {
        this.pool = pool;
        this.config = config.rateLimit();
    }

    /** The configured requests per minute for a model (0: none configured). */
    int configured(String model) {
        Integer own = config.models().get(model);
        return own != null && own > 0 ? own : config.requestsPerMinute();
    }

    /** Takes a permit for one call to {@code model} on {@code account}, or says how long to wait. */
    public Uni<Answer> tryAcquire(String account, String model) {
        String key = account + ":" + model;
        if (configured(model) == 0 && !learned.containsKey(key)) {
            return unlimited(key);
        }
        return ensure(key).chain(() -> pool.preparedQuery("""
                WITH cur AS (
                  SELECT tat, paused_until, pause_reason,
                         CASE WHEN $2 > 0 AND coalesce(learned_per_minute, 0) > 0 THEN least($2, learned_per_minute)
                              WHEN $2 > 0 THEN $2 ELSE coalesce(learned_per_minute, 0) END AS per_minute
                  FROM rate_limits WHERE key = $1 FOR UPDATE),
                tolerance AS (
                  SELECT CASE WHEN cur.per_minute > 0 THEN make_interval(secs => least(60.0 * $3 / cur.per_minute, 30.0 * ($3 - 1)))
                              ELSE interval '0' END AS early
                  FROM cur),
                granted AS (
                  UPDATE rate_limits r
                     SET tat = CASE WHEN cur.per_minute > 0
                                    THEN greatest(cur.tat, now()) + make_interval(secs => 60.0 * $3 / cur.per_minute)
                                    ELSE cur.tat END
                    FROM cur, tolerance t
                   WHERE r.key = $1 AND cur.tat <= now() + t.early AND (cur.paused_until IS NULL OR cur.paused_until <= now())
                  RETURNING 1)
                SELECT (SELECT count(*) FROM granted) AS granted,
                       greatest(extract(epoch FROM cur.tat - t.early - now()),
                                least(extract(epoch FROM coalesce(cur.paused_until, now()) - now()), $4), 0) AS wait_seconds,
                       CASE WHEN cur.paused_until > now() THEN cur.pause_reason END AS pause_reason
                  FROM cur, tolerance t""")
                .execute(Tuple.of(key, configured(model), 1.0 + config.headroom(), PAUSE_RECHECK.toMillis() / 1000.0))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    boolean granted = row.getLong("granted") > 0;
                    double waitSeconds = row.getNumeric("wait_seconds").doubleValue();
                    return new Answer(granted, granted ? Duration.ZERO : Duration.ofMillis(Math.max(1, (long) Math.ceil(waitSeconds * 1000))),
                            row.getString("pause_reason"));
                }));
    }

    /**
     * A key with no limit (none configured, none announced): only a pause can hold a call back, and
     * its state is read at most every 250 ms, so that permits cost no database round trip each. The
     * read also learns a limit another replica was told by the provider.
     */
    private Uni<Answer> unlimited(String key) {
        Pause known = pauses.get(key);
        Uni<Pause> current = known != null && System.nanoTime() - known.readAtNanos() < PAUSE_FRESHNESS_NANOS
                ? Uni.createFrom().item(known)
                : ensure(key).chain(() -> pool.preparedQuery("SELECT paused_until, pause_reason, learned_per_minute FROM rate_limits WHERE key = $1")
                        .execute(Tuple.of(key)).map(rows -> {
                            Row row = rows.iterator().next();
                            Integer announced = row.getInteger("learned_per_minute");
                            if (announced != null && announced > 0) {
                                learned.put(key, announced);
                            }
                            Pause read = new Pause(Rows.instant(row, "paused_until"), row.getString("pause_reason"), System.nanoTime());
                            pauses.put(key, read);
                            return read;
                        }));
        return current.map(pause -> {
            Instant now = Instant.now();
            if (pause.until() != null && pause.until().isAfter(now)) {
                Duration left = Duration.between(now, pause.until()).plusMillis(1);
                return new Answer(false, left.compareTo(PAUSE_RECHECK) < 0 ? left : PAUSE_RECHECK, pause.reason());
            }
            return new Answer(true, Duration.ZERO, null);
        });
    }

    private Uni<Void> ensure(String key) {
        if (known.contains(key)) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("INSERT INTO rate_limits (key) VALUES ($1) ON CONFLICT (key) DO NOTHING")
                .execute(Tuple.of(key)).invoke(() -> known.add(key)).replaceWithVoid();
    }

    /**
     * Pauses every replica's calls for {@code model} until at least {@code until}. Answers whether this
     * call started the pause (no pause was in force), so that one replica, not all, raises an alert.
     */
    public Uni<Boolean> pause(String account, String model, Instant until, String reason) {
        String key = account + ":" + model;
        return ensure(key).chain(() -> pool.preparedQuery("""
                WITH before AS (SELECT paused_until FROM rate_limits WHERE key = $1 FOR UPDATE)
                UPDATE rate_limits r SET paused_until = greatest(coalesce(before.paused_until, $2), $2), pause_reason = $3,
                                         updated_at = now()
                  FROM before WHERE r.key = $1
                RETURNING before.paused_until IS NULL OR before.paused_until <= now() AS started""")
                .execute(Tuple.of(key, until.atOffset(java.time.ZoneOffset.UTC), reason))
                .invoke(() -> pauses.remove(key))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean("started")));
    }

    /** One account and model as the fleet shares it: its pause, if any, and the limit the provider announced. */
    public record KeyState(String account, String model, Instant pausedUntil, String pauseReason, Integer learnedPerMinute,
            Instant updatedAt) {

        @com.fasterxml.jackson.annotation.JsonProperty("paused")
        public boolean paused() {
            return pausedUntil != null && pausedUntil.isAfter(Instant.now());
        }
    }

    /** Every account and model the fleet has called, by key: what an operator looks at before resuming one. */
    public Uni<java.util.List<KeyState>> states() {
        return pool.query("SELECT key, paused_until, pause_reason, learned_per_minute, updated_at FROM rate_limits ORDER BY key").execute()
                .map(rows -> {
                    java.util.List<KeyState> states = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        String key = row.getString("key");
                        int split = key.lastIndexOf(':');
                        states.add(new KeyState(split < 0 ? "" : key.substring(0, split), key.substring(split + 1),
                                Rows.instant(row, "paused_until"), row.getString("pause_reason"), row.getInteger("learned_per_minute"),
                                Rows.instant(row, "updated_at")));
                    }
                    return states;
                });
    }

    /** Ends a pause (an operator's resume, or a probe that succeeded). */
    public Uni<Void> resume(String account, String model) {
        String key = account + ":" + model;
        return pool.preparedQuery("UPDATE rate_limits SET paused_until = NULL, pause_reason = NULL, updated_at = now() WHERE key = $1")
                .execute(Tuple.of(key)).invoke(() -> pauses.remove(key)).replaceWithVoid();
    }

    /**
     * What a provider's answer said about the account's limits: {@code x-ratelimit-limit-requests}
     * becomes the learned limit; {@code x-ratelimit-remaining-requests: 0} pauses the fleet until
     * {@code x-ratelimit-reset-requests}.
     */
    public Uni<Void> learn(String account, String model, Integer limitRequests, Integer remainingRequests, Duration resetRequests) {
        String key = account + ":" + model;
        Uni<Void> limit = Uni.createFrom().voidItem();
        if (limitRequests != null && limitRequests > 0 && !limitRequests.equals(learned.get(key))) {
            learned.put(key, limitRequests);
            LOG.infof("The provider announces %d requests per minute for %s", limitRequests, key);
            limit = ensure(key).chain(() -> pool.preparedQuery("UPDATE rate_limits SET learned_per_minute = $2, updated_at = now() WHERE key = $1")
                    .execute(Tuple.of(key, limitRequests)).replaceWithVoid());
        }
        if (remainingRequests != null && remainingRequests == 0 && resetRequests != null && !resetRequests.isZero()) {
            return limit.chain(() -> pause(account, model, Instant.now().plus(resetRequests), "rate limit window exhausted"))
                    .replaceWithVoid();
        }
        return limit;
    }
}
