package studio.notification.progress;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.notification.config.EventsConfig;

/**
 * The live streams open on every replica (the {@code event_streams} table), so that a vendor's
 * {@code studio.events.max-streams-per-vendor} holds across replicas: a stream is counted from its
 * opening (under a lock per vendor) to its end; each replica refreshes its own streams every
 * heartbeat, and one not refreshed for three (its replica died) no longer counts.
 */
@ApplicationScoped
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class);

    private final Pool pool;
    private final EventsConfig config;
    private final Vertx vertx;
    private final Set<UUID> mine = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    public OpenStreams(Pool pool, EventsConfig config, Vertx vertx) {
        this.pool = pool;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** A stream refused: the vendor's streams open now, and its limit. */
    public record Refused(long open, int limit) {
    }

    /**
     * Opens a stream for the vendor: its id, or null when the vendor has its limit open already
     * ({@code refused} says so). A database that does not answer lets the stream open.
     */
    public Uni<UUID> open(UUID vendorId, java.util.function.Consumer<Refused> refused) {
        UUID id = UUID.randomUUID();
        double stale = config.heartbeat().toMillis() * 3 / 1000.0;
        return pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("event-streams:" + vendorId))
                .chain(() -> connection.preparedQuery("SELECT count(*) AS n FROM event_streams WHERE vendor_id = $1"
                        + " AND seen_at > now() - make_interval(secs => $2)").execute(Tuple.of(vendorId, stale)))
                .chain(rows -> {
                    long open = rows.iterator().next().getLong("n");
                    if (open >= config.maxStreamsPerVendor()) {
                        refused.accept(new Refused(open, config.maxStreamsPerVendor()));
                        return Uni.createFrom().<UUID>nullItem();
                    }
                    return connection.preparedQuery("INSERT INTO event_streams (id, vendor_id) VALUES ($1, $2)").execute(Tuple.of(id, vendorId))
                            .map(inserted -> id);
                }))
                .invoke(opened -> {
                    if (opened != null) {
                        mine.add(opened);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not count vendor %s's open streams (%s); this one opens uncounted", vendorId, failure.getMessage());
                    return null;
                });
    }

    /** A stream ended (its client went, or it was cut). */
    public void close(UUID id) {
        if (id == null || !mine.remove(id)) {
            return;
        }
        pool.preparedQuery("DELETE FROM event_streams WHERE id = $1").execute(Tuple.of(id)).subscribe()
                .with(done -> {
                }, failure -> LOG.debugf("Could not forget stream %s: %s (it stops counting after three heartbeats)", id, failure.getMessage()));
    }

    /** Every heartbeat: this replica's streams are still open; rows no replica refreshed any more go. */
    void refresh() {
        double stale = config.heartbeat().toMillis() * 3 / 1000.0;
        Uni<?> seen = mine.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE event_streams SET seen_at = now() WHERE id = ANY($1)").execute(Tuple.of((Object) mine.toArray(UUID[]::new)));
        seen.chain(() -> pool.preparedQuery("DELETE FROM event_streams WHERE seen_at < now() - make_interval(secs => $1)").execute(Tuple.of(stale)))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("Could not refresh the open streams: %s", failure.getMessage()));
    }
}
