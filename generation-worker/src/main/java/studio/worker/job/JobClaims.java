package studio.worker.job;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.events.GenerationJob;
import studio.worker.config.WorkerConfig;

/**
 * Which replica makes an image: a job (its item and attempt) is claimed in the worker database
 * before its provider is called, so two replicas that hold the same job (its partition moved while
 * the old owner still held it, or Kafka redelivered it) never both pay for it. A claim binds while
 * its owner lives (its heartbeat in {@code worker_replicas} is fresh) and for at most
 * {@code claims.lease}; a finished job's claim says so, and a replica that holds that job again
 * lets it go (its result was published). A job handed back gives its claim up.
 */
@ApplicationScoped
public class JobClaims {

    private static final Logger LOG = Logger.getLogger(JobClaims.class);

    /** What a claim attempt found. */
    public enum Outcome {
        /** This replica makes the image. */
        CLAIMED,
        /** Another live replica is making it: wait, then look again (in storage first). */
        HELD,
        /** Its result was published already: let the job go. */
        FINISHED
    }

    private final Pool pool;
    private final WorkerConfig.Claims config;
    private final Vertx vertx;
    private final String owner = UUID.randomUUID().toString();
    private long timer = -1;

    public JobClaims(Pool pool, WorkerConfig config, Vertx vertx) {
        this.pool = pool;
        this.config = config.claims();
        this.vertx = vertx;
    }

    /**
     * Beats once before anything is claimed, so that no claim of this replica is ever seen without
     * a live owner (another replica would take it over and pay for the image twice), then on a timer.
     */
    void start(@Observes StartupEvent event) {
        try {
            beat().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("Could not record this replica's first heartbeat, trying again on the timer: %s", e.getMessage());
        }
        timer = vertx.setPeriodic(Math.max(100, config.heartbeat().toMillis()), id -> beat().subscribe().with(done -> {
        }, failure -> LOG.warnf("Could not record this replica's heartbeat: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Says this replica is alive, and forgets claims and replicas older than a day. */
    private Uni<Void> beat() {
        return pool.preparedQuery("""
                INSERT INTO worker_replicas (owner, seen_at) VALUES ($1, now())
                ON CONFLICT (owner) DO UPDATE SET seen_at = now()""").execute(Tuple.of(owner))
                .chain(() -> pool.query("DELETE FROM job_claims WHERE claimed_at < now() - interval '1 day'").execute())
                .chain(() -> pool.query("DELETE FROM worker_replicas WHERE seen_at < now() - interval '1 day'").execute())
                .replaceWithVoid();
    }

    /** Claims the job for this replica, unless a live replica holds it or it is finished. */
    public Uni<Outcome> claim(GenerationJob job) {
        return pool.preparedQuery("""
                INSERT INTO job_claims AS c (item_id, attempt, owner) VALUES ($1, $2, $3)
                ON CONFLICT (item_id, attempt) DO UPDATE SET owner = excluded.owner, claimed_at = now()
                WHERE c.finished_at IS NULL
                  AND (c.owner = excluded.owner
                       OR c.claimed_at < now() - make_interval(secs => $4)
                       OR NOT EXISTS (SELECT 1 FROM worker_replicas r
                                      WHERE r.owner = c.owner AND r.seen_at > now() - make_interval(secs => $5)))
                RETURNING owner""")
                .execute(Tuple.of(job.itemId(), job.attempt(), owner, (double) config.lease().toSeconds(),
                        config.ownerTimeout().toMillis() / 1000.0))
                .chain(claimed -> claimed.size() > 0 ? Uni.createFrom().item(Outcome.CLAIMED)
                        : pool.preparedQuery("SELECT finished_at IS NOT NULL AS finished FROM job_claims WHERE item_id = $1 AND attempt = $2")
                                .execute(Tuple.of(job.itemId(), job.attempt()))
                                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("finished") ? Outcome.FINISHED
                                        : Outcome.HELD));
    }

    /** The job's result was published: a replica holding it again lets it go. */
    public Uni<Void> finish(GenerationJob job) {
        return pool.preparedQuery("""
                INSERT INTO job_claims AS c (item_id, attempt, owner, finished_at) VALUES ($1, $2, $3, now())
                ON CONFLICT (item_id, attempt) DO UPDATE SET finished_at = now() WHERE c.owner = excluded.owner""")
                .execute(Tuple.of(job.itemId(), job.attempt(), owner)).replaceWithVoid();
    }

    /** The job was handed back unfinished: whoever holds it next may claim it. */
    public Uni<Void> release(GenerationJob job) {
        return pool.preparedQuery("DELETE FROM job_claims WHERE item_id = $1 AND attempt = $2 AND owner = $3 AND finished_at IS NULL")
                .execute(Tuple.of(job.itemId(), job.attempt(), owner)).replaceWithVoid();
    }
}
