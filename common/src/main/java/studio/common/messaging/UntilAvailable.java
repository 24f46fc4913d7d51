package studio.common.messaging;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Keeps a consumer's record in hand while its database is away, for as long as it is away: the work
 * is tried again with a growing pause (up to {@link #MAX_BACKOFF}), the channel takes no further
 * record meanwhile (the Kafka connector pauses its partitions once its buffer is full, without
 * leaving the group), and readiness reports the consumer as waiting. When the database answers
 * again the record is applied and the channel goes on by itself. Only failures of the connection
 * count ({@link #isUnavailable}); any other failure passes through unchanged. {@link ConsumersReadiness}
 * reports who waits.
 */
@ApplicationScoped
public class UntilAvailable {

    private static final Logger LOG = Logger.getLogger(UntilAvailable.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Since when each waiting consumer has been failing, and why. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(Instant since, String reason) {
    }

    /** Runs {@code work} (anew on each try) for {@code consumer}, waiting out any outage of the database. */
    public <T> Uni<T> run(String consumer, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(UntilAvailable::isUnavailable).invoke(failure -> waiting(consumer, failure))
                .onFailure(UntilAvailable::isUnavailable).retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                // done, or failed for another reason: either way no longer waiting for the database
                .onItemOrFailure().invoke((item, failure) -> recovered(consumer));
    }

    private void waiting(String consumer, Throwable failure) {
        Waiting before = waiting.putIfAbsent(consumer, new Waiting(Instant.now(), String.valueOf(rootCause(failure).getMessage())));
        if (before == null) {
            LOG.warnf("%s waits for the database (%s): its record is kept and tried again until the database answers", consumer,
                    rootCause(failure).getMessage());
        }
    }

    private void recovered(String consumer) {
        Waiting was = waiting.remove(consumer);
        if (was != null) {
            LOG.infof("%s goes on: the database answers again after %s", consumer, Duration.between(was.since(), Instant.now()));
        }
    }

    /** A failure to reach the database (refused, closed, terminated, not accepting connections), as opposed to one of the work itself. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08 connection exception, 57P0x shutdown or terminated, 53 insufficient resources,
                // 55000 with "not currently accepting connections" (a database closed to connections)
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || ("55000".equals(state) && String.valueOf(pg.getMessage()).contains("accepting connections"))) {
                    return true;
                }
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Connection refused") || message.contains("Connection is closed") || message.contains("Connection reset")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The consumers waiting for the database now, each with since when and why. */
    Map<String, String> waiting() {
        Map<String, String> now = new java.util.TreeMap<>();
        waiting.forEach((consumer, w) -> now.put(consumer, "waiting for the database since " + w.since() + ": " + w.reason()));
        return now;
    }
}
