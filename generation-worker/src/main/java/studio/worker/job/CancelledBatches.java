package studio.worker.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The batches this worker has seen cancelled ({@code batch.cancelled} on {@code studio.batches}),
 * so that their remaining jobs never reach a provider. Bounded: the oldest are forgotten first, long
 * after their jobs have drained.
 */
@ApplicationScoped
public class CancelledBatches {

    private static final int REMEMBERED = 100_000;

    private final Map<UUID, Boolean> cancelled = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public void add(UUID batchId) {
        cancelled.put(batchId, Boolean.TRUE);
    }

    public boolean contains(UUID batchId) {
        return cancelled.containsKey(batchId);
    }
}
