package studio.notification.progress;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import studio.notification.config.EventsConfig;

/**
 * Fans batch events out to the live progress streams open on this replica, and keeps the latest
 * {@code studio.events.replay-buffer} of them so that a client reconnecting with {@code Last-Event-ID}
 * misses nothing recent.
 *
 * <p>An event's id is where the stream stood after it: the next offset of every partition of
 * {@code studio.batches}, as {@code "o0.o1.o2"} (empty for a partition not seen yet). Every replica reads the same partitions, so an id
 * from one replica means the same on another, and a reconnecting client is sent exactly the buffered
 * events past its id. When some of those are no longer buffered (the client was away too long, or
 * the replica started after them), it gets a {@code stream.reset} event first: reload the batch.
 */
@ApplicationScoped
public class ProgressHub {

    public static final String RESET = "stream.reset";
    private static final Logger LOG = Logger.getLogger(ProgressHub.class);

    /** One event on a stream: its id and type, whose it is, and the event JSON. */
    public record ProgressEvent(String id, String type, UUID vendorId, UUID batchId, String json) {
    }

    private record Entry(int partition, long offset, ProgressEvent event) {
    }

    private record Listener(UUID vendorId, UUID batchId, Consumer<ProgressEvent> sink) {
        boolean wants(ProgressEvent e) {
            return e.vendorId().equals(vendorId) && (batchId == null || batchId.equals(e.batchId()));
        }
    }

    private final int capacity;
    private final int streamBuffer;
    private final Object lock = new Object();
    private final Deque<Entry> buffer = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Per partition: the next offset (where the stream stands), the first offset seen, and the first still buffered. */
    private long[] next = new long[0];
    private long[] firstSeen = new long[0];
    private long[] evictedUpTo = new long[0];

    @Inject
    public ProgressHub(EventsConfig config) {
        this(config.replayBuffer(), config.streamBuffer());
    }

    /**
     * A hub keeping the last {@code capacity} events, each stream holding at most {@code streamBuffer}
     * not yet written to its client.
     */
    public ProgressHub(int capacity, int streamBuffer) {
        this.capacity = capacity;
        this.streamBuffer = Math.max(1, streamBuffer);
    }

    /**
     * A record of the topic at (partition, offset): a batch event for the streams (its id is set
     * here), or null for a record that is none, which still moves the position.
     */
    public void publish(int partition, long offset, String type, UUID vendorId, UUID batchId, String json) {
        synchronized (lock) {
            grow(partition + 1);
            if (firstSeen[partition] < 0) {
                firstSeen[partition] = offset;
            }
            next[partition] = Math.max(next[partition], offset + 1);
            if (type == null) {
                return;
            }
            ProgressEvent event = new ProgressEvent(position(), type, vendorId, batchId, json);
            buffer.addLast(new Entry(partition, offset, event));
            while (buffer.size() > capacity) {
                Entry gone = buffer.removeFirst();
                evictedUpTo[gone.partition()] = Math.max(evictedUpTo[gone.partition()], gone.offset() + 1);
            }
            for (Listener l : listeners) {
                if (l.wants(event)) {
                    l.sink().accept(event);
                }
            }
        }
    }

    /**
     * The events of one vendor (optionally of one batch): first those buffered past {@code lastEventId}
     * (none without one), then each new one as it comes. A stream holds at most {@code stream-buffer}
     * events its client has not read: a client that stops reading is disconnected (it reconnects with
     * its last id), never buffered without end; a replay larger than that is a {@code stream.reset}.
     */
    public Multi<ProgressEvent> stream(UUID vendorId, UUID batchId, String lastEventId) {
        return Multi.createFrom().<ProgressEvent>emitter(emitter -> {
            Listener listener = new Listener(vendorId, batchId, emitter::emit);
            synchronized (lock) {
                long[] seen = parse(lastEventId);
                if (seen != null) {
                    List<ProgressEvent> missed = new java.util.ArrayList<>();
                    for (Entry e : buffer) {
                        if (e.offset() >= (e.partition() < seen.length ? seen[e.partition()] : -1) && listener.wants(e.event())) {
                            missed.add(e.event());
                        }
                    }
                    if (missed(seen) || missed.size() >= streamBuffer) {
                        emitter.emit(new ProgressEvent(position(), RESET, vendorId, batchId,
                                "{\"reason\": \"events since your last one are no longer kept; reload the batches you show\"}"));
                    }
                    if (missed.size() < streamBuffer) {
                        missed.forEach(emitter::emit);
                    }
                }
                listeners.add(listener);
            }
            emitter.onTermination(() -> listeners.remove(listener));
        }, BackPressureStrategy.ERROR).onOverflow().buffer(streamBuffer)
                .onFailure(BackPressureFailure.class).invoke(full -> LOG.infof(
                        "A progress stream of vendor %s was not read for %d events; disconnecting it", vendorId, streamBuffer));
    }

    /** How many streams are open on this replica. */
    public int streams() {
        return listeners.size();
    }

    /**
     * Whether events past {@code seen} were dropped from the buffer or came before this replica
     * started (a partition the id does not know is replayed from the buffer's start).
     */
    private boolean missed(long[] seen) {
        for (int p = 0; p < next.length && p < seen.length; p++) {
            if (seen[p] >= 0 && firstSeen[p] >= 0 && seen[p] < Math.max(firstSeen[p], evictedUpTo[p])) {
                return true;
            }
        }
        return false;
    }

    private String position() {
        StringBuilder id = new StringBuilder();
        for (int p = 0; p < next.length; p++) {
            if (p > 0) {
                id.append('.');
            }
            if (firstSeen[p] >= 0) {
                id.append(next[p]);
            }
        }
        return id.toString();
    }

    /** An id as positions per partition (-1: not seen); null when absent or not one of ours. */
    static long[] parse(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String[] parts = id.strip().split("\\.", -1);
        long[] positions = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isEmpty()) {
                    positions[i] = -1;
                    continue;
                }
                positions[i] = Long.parseLong(parts[i]);
                if (positions[i] < 0) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return positions;
    }

    private void grow(int partitions) {
        if (next.length >= partitions) {
            return;
        }
        int old = next.length;
        next = Arrays.copyOf(next, partitions);
        evictedUpTo = Arrays.copyOf(evictedUpTo, partitions);
        firstSeen = Arrays.copyOf(firstSeen, partitions);
        Arrays.fill(firstSeen, old, partitions, -1);
    }

    /** How many events are buffered now (for tests and metrics). */
    public int buffered() {
        synchronized (lock) {
            return buffer.size();
        }
    }
}
