package studio.worker.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.worker.config.WorkerConfig;
import studio.worker.job.CancelledBatches;
import studio.worker.job.JobClaims;
import studio.worker.job.JobProcessor;
import studio.worker.messaging.ResultPublisher;

/**
 * The worker's engine. Jobs are admitted from the lanes' topics into a {@link FairQueue} (up to
 * {@code max-buffered}; beyond that, admission waits, which holds back the Kafka consumers), then
 * started one after the other, each once the fleet's rate limit grants it a permit, while fewer than
 * {@code max-in-flight} run. A call in flight holds no thread. A job is acknowledged (its offset may be
 * committed) only once its result is published, or it was skipped; a job handed back (its provider
 * paused, its circuit open) goes to the back of its vendor's turn and waits.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration HELD_BACK = Duration.ofSeconds(1);
    private static final Duration DUPLICATE_RECHECK = Duration.ofSeconds(2);

    /** A job this worker holds, its lane, what acknowledges it, and its partition as it was when admitted. */
    record Held(GenerationJob job, Lane lane, Runnable ack, Partition from) {
    }

    /**
     * Where a job came from: its topic's partition, and how often that partition had been revoked
     * from this worker when the job came (a job from an earlier ownership is no longer this worker's).
     */
    public record Partition(String topic, int partition, int revocations) {
        /** Jobs admitted without Kafka (tests). */
        static final Partition NONE = new Partition("", -1, 0);
    }

    private final JobProcessor processor;
    private final JobClaims claims;
    /** Per topic partition: how often it was revoked from this worker. */
    private final Map<String, Integer> revocations = new java.util.concurrent.ConcurrentHashMap<>();
    private final ProviderCalls calls;
    private final ResultPublisher publisher;
    private final CancelledBatches cancelled;
    private final Vertx vertx;
    private final int maxInFlight;
    private final int maxBuffered;
    private final FairQueue<Held> queue;
    private final ArrayDeque<Map.Entry<Held, CompletableFuture<Void>>> waitingAdmission = new ArrayDeque<>();
    /** Jobs whose provider call is open (or waiting for a retry). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Jobs past their call: thumbnail, storage, publishing. */
    private final AtomicInteger finishing = new AtomicInteger();
    /** The jobs (item and attempt) this replica is running now. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Jobs handed back, waiting for their time to return to the queue. */
    private final AtomicInteger waitingBack = new AtomicInteger();
    private final int maxFinishing;

    private final WorkerMetrics metrics;
    private final Duration shutdownGrace;
    private Held next;
    private long nextSinceNanos;
    private boolean acquiring;
    private long notBeforeNanos;
    private boolean stopped;

    public Dispatcher(JobProcessor processor, JobClaims claims, ProviderCalls calls, ResultPublisher publisher, CancelledBatches cancelled, Vertx vertx,
            WorkerConfig config, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.shutdownGrace = config.shutdownGrace();
        this.processor = processor;
        this.claims = claims;
        this.calls = calls;
        this.publisher = publisher;
        this.cancelled = cancelled;
        this.vertx = vertx;
        this.maxInFlight = Math.max(1, config.maxInFlight());
        this.maxBuffered = Math.max(1, config.maxBuffered());
        this.maxFinishing = Math.max(1, config.maxFinishing());
        Map<Lane, Integer> weights = new EnumMap<>(Lane.class);
        weights.put(Lane.INTERACTIVE, config.laneWeights().interactive());
        weights.put(Lane.STANDARD, config.laneWeights().standard());
        weights.put(Lane.BULK, config.laneWeights().bulk());
        this.queue = new FairQueue<>(weights);
        io.micrometer.core.instrument.Gauge.builder("studio.worker.in.flight", inFlight, AtomicInteger::get)
                .description("Provider calls open (or waiting for a retry)").register(metrics.registry());
        io.micrometer.core.instrument.Gauge.builder("studio.worker.finishing", finishing, AtomicInteger::get)
                .description("Jobs past their call: thumbnail, storage, publishing").register(metrics.registry());
        for (Lane lane : Lane.values()) {
            io.micrometer.core.instrument.Gauge.builder("studio.worker.queued", this, d -> d.queuedIn(lane)).tag("lane", lane.wireName())
                    .description("Jobs held, waiting to start").register(metrics.registry());
        }
    }

    private synchronized double queuedIn(Lane lane) {
        return queue.size(lane);
    }

    /** Takes a job; the Uni completes once it is admitted (at once unless the buffer is full). */
    public Uni<Void> admit(Lane lane, GenerationJob job, Runnable ack) {
        return admit(lane, job, ack, Partition.NONE);
    }

    /** Takes a job read from a topic's partition (see {@link #partition}). */
    public Uni<Void> admit(Lane lane, GenerationJob job, Runnable ack, Partition from) {
        Held held = new Held(job, lane, ack, from);
        CompletableFuture<Void> admitted;
        synchronized (this) {
            if (queue.size() < maxBuffered) {
                enqueue(held);
                admitted = null;
            } else {
                admitted = new CompletableFuture<>();
                waitingAdmission.addLast(Map.entry(held, admitted));
            }
        }
        pump();
        return admitted == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(admitted);
    }

    /** A partition as this worker owns it now: jobs read from it are admitted with this. */
    public Partition partition(String topic, int partition) {
        return new Partition(topic, partition, revocations.getOrDefault(topic + "/" + partition, 0));
    }

    /**
     * Partitions were revoked (a replica joined or left): their jobs held here and not started are
     * dropped, unacknowledged, for the partitions' new owner reads them from the last commit. Jobs
     * already running finish (their claims keep the new owner from paying for them again).
     */
    public void revoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(p -> revocations.merge(p.topic() + "/" + p.partition(), 1, Integer::sum));
        int dropped;
        synchronized (this) {
            dropped = queue.removeIf(this::stale);
            if (next != null && stale(next)) {
                next = null;
                dropped++;
            }
            var waiting = waitingAdmission.iterator();
            while (waiting.hasNext()) {
                var entry = waiting.next();
                if (stale(entry.getKey())) {
                    waiting.remove();
                    entry.getValue().complete(null);
                    dropped++;
                }
            }
            admitWaiting();
        }
        LOG.infof("Partitions revoked (%s): %d held job(s) dropped for their new owner", partitions, dropped);
        pump();
    }

    /** A job whose partition was revoked since it was read: no longer this worker's to run. */
    private boolean stale(Held held) {
        Partition from = held.from();
        return from.partition() >= 0 && revocations.getOrDefault(from.topic() + "/" + from.partition(), 0) != from.revocations();
    }

    /** Jobs held (waiting, not yet started) per lane. */
    public synchronized Map<String, Integer> queued() {
        Map<String, Integer> sizes = new java.util.LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            sizes.put(lane.wireName(), queue.size(lane));
        }
        return sizes;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int finishing() {
        return finishing.get();
    }

    /** Starts what may start: one permit request at a time, in the fair queue's order. */
    void pump() {
        Held candidate;
        synchronized (this) {
            if (stopped || acquiring || inFlight.get() >= maxInFlight || finishing.get() >= maxFinishing
                    || System.nanoTime() < notBeforeNanos) {
                return;
            }
            if (next != null && next.lane() != Lane.INTERACTIVE && queue.size(Lane.INTERACTIVE) > 0) {
                // an interactive job came while this one waited for its permit: it goes first, this one stays next in its turn
                queue.putBack(next.lane(), next.job().vendorId().toString(), next);
                next = null;
            }
            while (next == null || stale(next)) {
                next = queue.poll();
                nextSinceNanos = System.nanoTime();
                admitWaiting();
                if (next == null) {
                    break;
                }
            }
            if (next == null) {
                return;
            }
            if (cancelled.contains(next.job().batchId())) {
                // batch-service has counted the item as cancelled: no provider call, no result
                Held skipped = next;
                next = null;
                LOG.infof("Skipping item %s: batch %s was cancelled", skipped.job().itemId(), skipped.job().batchId());
                metrics.result("skipped");
                skipped.ack().run();
                vertx.runOnContext(this::pump);
                return;
            }
            if (calls.circuitOpen()) {
                holdBack(HELD_BACK);
                return;
            }
            candidate = next;
            acquiring = true;
        }
        calls.permitOnce(candidate.job().model()).subscribe().with(wait -> {
            boolean start;
            synchronized (this) {
                acquiring = false;
                start = wait.isZero();
                if (start) {
                    next = null;
                    inFlight.incrementAndGet();
                    metrics.waitedForPermit(Duration.ofNanos(System.nanoTime() - nextSinceNanos));
                    LOG.debugf("Starting item %s of lane %s (%d held)", candidate.job().itemId(), candidate.lane().wireName(), queue.size());
                } else {
                    holdBack(wait);
                }
            }
            if (start) {
                run(candidate);
                if (calls.failing()) {
                    // the provider looks down: one job a second probes it, the others wait their turn
                    synchronized (this) {
                        holdBack(HELD_BACK);
                    }
                    return;
                }
                // the next one on the event loop, not deeper in this stack (hundreds start in a row)
                vertx.runOnContext(this::pump);
            }
        }, failure -> {
            LOG.warnf("The rate limiter did not answer (%s); trying again shortly", failure.getMessage());
            synchronized (this) {
                acquiring = false;
                holdBack(HELD_BACK);
            }
        });
    }

    /** Waits {@code delay} before the next permit request (a timer pumps again). */
    private void holdBack(Duration delay) {
        long millis = Math.max(1, delay.toMillis());
        notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        vertx.setTimer(millis, id -> pump());
    }

    private void admitWaiting() {
        while (queue.size() < maxBuffered && !waitingAdmission.isEmpty()) {
            Map.Entry<Held, CompletableFuture<Void>> waiting = waitingAdmission.pollFirst();
            Held held = waiting.getKey();
            enqueue(held);
            waiting.getValue().complete(null);
        }
    }

    private void run(Held held) {
        String key = held.job().itemId() + ":" + held.job().attempt();
        if (!running.add(key)) {
            // the same job twice in this replica (a partition came back while a record of it was still in hand): the
            // copy waits, and once the first is done its claim lets it go
            inFlight.decrementAndGet();
            handBack(held, DUPLICATE_RECHECK);
            vertx.runOnContext(this::pump);
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable callEnded = () -> {
            if (called.compareAndSet(false, true)) {
                finishing.incrementAndGet();
                inFlight.decrementAndGet();
                vertx.runOnContext(this::pump);
            }
        };
        processor.process(held.job(), callEnded)
                .chain(result -> publisher.publish(result))
                .subscribe().with(published -> {
                    held.ack().run();
                    // running until its claim says finished: a copy of it in hand then lets it go
                    claims.finish(held.job()).subscribe().with(done -> running.remove(key), e -> {
                        running.remove(key);
                        LOG.warnf("Could not mark item %s finished in its claim: %s", held.job().itemId(), e.getMessage());
                    });
                    finished(callEnded);
                }, failure -> {
                    running.remove(key);
                    if (failure instanceof JobProcessor.Answered) {
                        LOG.infof("Letting item %s go: %s", held.job().itemId(), failure.getMessage());
                        metrics.result("answered_elsewhere");
                        held.ack().run();
                        finished(callEnded);
                        return;
                    }
                    Duration after = Duration.ZERO;
                    if (failure instanceof JobProcessor.Requeue requeue) {
                        LOG.debugf("Item %s handed back: %s", held.job().itemId(), failure.getMessage());
                        metrics.result("handed_back");
                        after = requeue.after();
                    } else {
                        LOG.errorf(failure, "The result of item %s could not be published; it will run again", held.job().itemId());
                        after = HELD_BACK;
                    }
                    claims.release(held.job()).subscribe().with(done -> {
                    }, e -> LOG.debugf("Could not give up the claim of item %s: %s", held.job().itemId(), e.getMessage()));
                    handBack(held, after);
                    finished(callEnded);
                });
    }

    /** Puts a job back in its turn, after {@code after} (not at all if its partition was revoked meanwhile). */
    private void handBack(Held held, Duration after) {
        if (after.isZero() || after.isNegative()) {
            requeue(held);
            return;
        }
        waitingBack.incrementAndGet();
        vertx.setTimer(after.toMillis(), id -> {
            waitingBack.decrementAndGet();
            requeue(held);
            pump();
        });
    }

    /** Puts a job in its lane's and vendor's turn (the caller holds the lock). */
    private void enqueue(Held held) {
        queue.add(held.lane(), held.job().vendorId().toString(), held);
    }

    private synchronized void requeue(Held held) {
        if (!stale(held)) {
            enqueue(held);
        }
    }

    /** A job left: its call ended (if that was not said yet), its finishing too. */
    private void finished(Runnable callEnded) {
        callEnded.run();
        finishing.decrementAndGet();
        vertx.runOnContext(this::pump);
    }

    /** Stops starting jobs (shutdown); those in flight finish. */
    public synchronized void stop() {
        stopped = true;
    }

    /**
     * Graceful shutdown: no job starts any more; the calls in flight get {@code shutdown-grace} to
     * finish and publish (their jobs are then acknowledged and committed). Jobs held but not started
     * are never acknowledged, so their offsets stay uncommitted and another replica takes them.
     */
    void onShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stop();
        long deadline = System.nanoTime() + shutdownGrace.toNanos();
        while (inFlight.get() + finishing.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int held;
        synchronized (this) {
            held = queue.size() + (next == null ? 0 : 1) + waitingAdmission.size() + waitingBack.get();
        }
        LOG.infof("Stopped: %d job(s) still running, %d held job(s) handed back uncommitted", inFlight.get() + finishing.get(), held);
    }
}
