package studio.batch.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import studio.batch.config.BatchConfig;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.events.Priority;
import studio.common.events.StudioEvent;
import studio.common.outbox.Outbox;
import studio.common.persistence.NativeSql;

/**
 * Scheduled generation. A batch given a time, or the vendor's off-peak window, is stored with its
 * items but without jobs, as {@code scheduled}; every replica looks for due batches each
 * {@code studio.schedules.poll-interval} and releases them: the batch becomes {@code pending} and its
 * jobs go to the outbox in the same transaction. The look takes the due rows with
 * {@code FOR UPDATE SKIP LOCKED} and releases only what is still {@code scheduled}, so a batch is
 * released once however many replicas look at the same moment.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);
    /** How many due batches one look releases (the next look takes the rest). */
    static final int RELEASE_PAGE = 20;

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final Outbox outbox;
    private final studio.batch.queue.JobQueue queue;
    private final OffPeakWindow defaultWindow;
    private final studio.common.messaging.UntilAvailable untilAvailable;

    public Schedules(GenerationBatchRepository batches, GenerationItemRepository items, Outbox outbox, studio.batch.queue.JobQueue queue, BatchConfig.Schedules config,
            studio.common.messaging.UntilAvailable untilAvailable) {
        this.untilAvailable = untilAvailable;
        this.batches = batches;
        this.items = items;
        this.outbox = outbox;
        this.queue = queue;
        BatchConfig.Schedules.OffPeak offPeak = config.offPeak();
        this.defaultWindow = new OffPeakWindow(offPeak.start(), offPeak.end(), ZoneId.of(offPeak.timeZone()), true);
    }

    /** When a batch should run: at a time, or at the vendor's next off-peak window. */
    public record Schedule(Instant at, boolean offPeak) {

        public static Schedule of(Instant at, String kind) {
            if (at == null && kind == null) {
                return null;
            }
            return new Schedule(at, kind != null);
        }
    }

    /**
     * A vendor's off-peak window: from {@code start} to {@code end} (local times in {@code timeZone};
     * a window may run past midnight, 22:00 to 06:00 say). {@code platformDefault}: the vendor set
     * none.
     */
    public record OffPeakWindow(LocalTime start, LocalTime end, ZoneId timeZone, boolean platformDefault) {

        /** {@code now} when it falls in the window, else the window's next start. */
        public Instant next(Instant now) {
            ZonedDateTime local = now.atZone(timeZone);
            LocalTime time = local.toLocalTime();
            boolean inside = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                    : !time.isBefore(start) || time.isBefore(end);
            if (inside) {
                return now;
            }
            LocalDate day = time.isBefore(start) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
            return ZonedDateTime.of(day, start, timeZone).toInstant();
        }
    }

    /** The moment a schedule names for this vendor; null for none. */
    public Uni<Instant> resolve(UUID vendorId, Schedule schedule) {
        if (schedule == null) {
            return Uni.createFrom().nullItem();
        }
        if (!schedule.offPeak()) {
            return Uni.createFrom().item(schedule.at());
        }
        return currentWindow(vendorId).map(window -> window.next(Instant.now()));
    }

    /** The vendor's off-peak window, or the platform's default. */
    @WithSession
    public Uni<OffPeakWindow> window(UUID vendorId) {
        return currentWindow(vendorId);
    }

    private Uni<OffPeakWindow> currentWindow(UUID vendorId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT cast(starts_at AS text), cast(ends_at AS text), time_zone FROM vendor_off_peak_windows WHERE vendor_id = ?1",
                Object[].class).setParameter(1, vendorId).getResultList())
                .map(rows -> rows.isEmpty() ? defaultWindow
                        : new OffPeakWindow(LocalTime.parse(String.valueOf(rows.get(0)[0])), LocalTime.parse(String.valueOf(rows.get(0)[1])),
                                ZoneId.of(String.valueOf(rows.get(0)[2])), false));
    }

    /** Sets the vendor's window (null: back to the platform's default) and answers it as it now stands. */
    @WithTransaction
    public Uni<OffPeakWindow> setWindow(UUID vendorId, OffPeakWindow window) {
        Uni<Integer> change = window == null
                ? NativeSql.update("DELETE FROM vendor_off_peak_windows WHERE vendor_id = ?1", vendorId)
                : NativeSql.update("INSERT INTO vendor_off_peak_windows (vendor_id, starts_at, ends_at, time_zone)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (vendor_id) DO UPDATE SET"
                        + " starts_at = excluded.starts_at, ends_at = excluded.ends_at, time_zone = excluded.time_zone, updated_at = now()",
                        vendorId, window.start(), window.end(), window.timeZone().getId());
        return change.chain(() -> currentWindow(vendorId));
    }

    /**
     * Moves a scheduled batch to another time (or its vendor's next off-peak window) and announces
     * {@code batch.scheduled} again; 409 once it has been released, cancelled or has ended.
     */
    @WithTransaction
    public Uni<GenerationBatch> reschedule(UUID vendorId, UUID batchId, Schedule schedule) {
        return batches.find("id = ?1 and vendorId = ?2", batchId, vendorId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .<GenerationBatch>firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Batch", batchId))
                .chain(batch -> {
                    if (batch.status != BatchStatus.SCHEDULED) {
                        return Uni.createFrom().failure(new Refusal.BatchNotScheduled(batchId, batch.status));
                    }
                    return resolve(vendorId, schedule).chain(at -> {
                        batch.scheduledFor = at;
                        LOG.infof("Batch %s rescheduled for %s", batchId, at);
                        return outbox.publish(new BatchEvent.Scheduled(batch.id, batch.vendorId, at)).replaceWith(batch);
                    });
                });
    }

    /** Releases what is due, on every replica; see the class comment. */
    @Scheduled(every = "${studio.schedules.poll-interval:1s}", delayed = "${studio.schedules.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> releaseDue() {
        // an outage of the database is waited out (and shown in readiness); the next ticks skip meanwhile
        return untilAvailable.run("scheduled releases", () -> Panache.withTransaction(() -> release(RELEASE_PAGE)))
                .onFailure().invoke(e -> LOG.warnf("Could not release scheduled batches: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Releases up to {@code limit} due batches in the current transaction: each becomes
     * {@code pending} and its pending items' jobs go to the outbox. Answers the released batches' ids.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<UUID>> release(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT id FROM generation_batches WHERE status = 'scheduled' AND scheduled_for <= now()"
                        + " ORDER BY scheduled_for LIMIT ?1 FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, limit).getResultList())
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(List.<UUID>of());
                    }
                    return batches.list("id in ?1", due).chain(found -> items.list("batchId in ?1 and status = ?2",
                            Sort.by("batchId").and("rowIndex"), due, ItemStatus.PENDING).chain(pending -> {
                                List<studio.common.events.GenerationJob> jobs = new ArrayList<>(pending.size());
                                Map<UUID, GenerationBatch> byId = new java.util.HashMap<>();
                                for (GenerationBatch batch : found) {
                                    // the rows are locked: a batch read here is still scheduled
                                    batch.status = BatchStatus.PENDING;
                                    byId.put(batch.id, batch);
                                }
                                for (GenerationItem item : pending) {
                                    jobs.add(ItemJobs.of(byId.get(item.batchId), item, Priority.BULK));
                                }
                                found.forEach(b -> LOG.infof("Released scheduled batch %s (due %s): %d job(s)", b.id, b.scheduledFor,
                                        pending.stream().filter(i -> i.batchId.equals(b.id)).count()));
                                // the jobs join the fair queue, in their vendors' turns with everyone else's
                                return queue.enqueue(jobs).replaceWith(due);
                            }));
                });
    }

    /** The 400 problems of a schedule as a request gives it: {@code scheduledFor} and {@code schedule}. */
    public static List<Problem.FieldError> problems(Instant at, String kind) {
        List<Problem.FieldError> problems = new ArrayList<>();
        if (at != null && kind != null) {
            problems.add(Problem.FieldError.of("schedule", "either scheduledFor or schedule, not both"));
        }
        if (kind != null && !"off-peak".equals(kind)) {
            problems.add(Problem.FieldError.of("schedule", "must be off-peak"));
        }
        Instant now = Instant.now();
        if (at != null && at.isBefore(now.minusSeconds(60))) {
            problems.add(Problem.FieldError.of("scheduledFor", "is in the past (" + at + "); send a later time, or none to start now"));
        }
        if (at != null && at.isAfter(now.plus(java.time.Duration.ofDays(MAX_DAYS_AHEAD)))) {
            problems.add(Problem.FieldError.of("scheduledFor", "is more than " + MAX_DAYS_AHEAD + " days ahead"));
        }
        return problems;
    }

    /** The furthest ahead a batch can be scheduled. */
    public static final int MAX_DAYS_AHEAD = 90;
}
