package studio.worker.engine;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import studio.common.events.Lane;

/**
 * The jobs a worker holds, served fairly: lanes by weight (smooth weighted round-robin over the lanes
 * that have work, so interactive goes first most of the time yet bulk is never starved), and within a
 * lane the vendors in turn (one job each), so that one vendor's 10,000 items do not hold back another
 * vendor's ten. Not thread-safe: its owner guards it.
 */
final class FairQueue<T> {

    private final Map<Lane, Integer> weights;
    private final Map<Lane, Integer> current = new EnumMap<>(Lane.class);
    private final Map<Lane, VendorTurns<T>> lanes = new EnumMap<>(Lane.class);
    private int size;

    /** {@code weights}: each lane's share (a lane left out, or with 0, counts as 1). */
    FairQueue(Map<Lane, Integer> weights) {
        this.weights = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            this.weights.put(lane, Math.max(1, weights.getOrDefault(lane, 1)));
            current.put(lane, 0);
            lanes.put(lane, new VendorTurns<>());
        }
    }

    void add(Lane lane, String vendor, T job) {
        lanes.get(lane).add(vendor, job);
        size++;
    }

    /** The next job by lane weight and vendor turn; null when empty. */
    T poll() {
        if (size == 0) {
            return null;
        }
        Lane chosen = null;
        int total = 0;
        for (Lane lane : Lane.values()) {
            if (lanes.get(lane).isEmpty()) {
                continue;
            }
            int weight = weights.get(lane);
            total += weight;
            current.merge(lane, weight, Integer::sum);
            if (chosen == null || current.get(lane) > current.get(chosen)) {
                chosen = lane;
            }
        }
        current.merge(chosen, -total, Integer::sum);
        size--;
        return lanes.get(chosen).poll();
    }

    /**
     * Puts a job taken by {@link #poll()} back in front of its vendor's jobs, its vendor first in its
     * lane's turn (the lanes' weights count it as served: one job's worth, no more).
     */
    void putBack(Lane lane, String vendor, T job) {
        lanes.get(lane).addFirst(vendor, job);
        size++;
    }

    int size() {
        return size;
    }

    /** Removes the jobs that match; returns how many. */
    int removeIf(java.util.function.Predicate<T> drop) {
        int removed = 0;
        for (VendorTurns<T> lane : lanes.values()) {
            removed += lane.removeIf(drop);
        }
        size -= removed;
        return removed;
    }

    /** How many jobs wait in a lane. */
    int size(Lane lane) {
        return lanes.get(lane).size;
    }

    /** A lane's jobs per vendor, served one vendor after the other. */
    private static final class VendorTurns<T> {
        private final Map<String, ArrayDeque<T>> byVendor = new HashMap<>();
        private final ArrayDeque<String> turns = new ArrayDeque<>();
        private int size;

        void add(String vendor, T job) {
            ArrayDeque<T> jobs = byVendor.get(vendor);
            if (jobs == null) {
                jobs = new ArrayDeque<>();
                byVendor.put(vendor, jobs);
                turns.addLast(vendor);
            }
            jobs.addLast(job);
            size++;
        }

        void addFirst(String vendor, T job) {
            ArrayDeque<T> jobs = byVendor.get(vendor);
            if (jobs == null) {
                jobs = new ArrayDeque<>();
                byVendor.put(vendor, jobs);
            } else {
                turns.remove(vendor);
            }
            turns.addFirst(vendor);
            jobs.addFirst(job);
            size++;
        }

        boolean isEmpty() {
            return size == 0;
        }

        int removeIf(java.util.function.Predicate<T> drop) {
            int removed = 0;
            for (var vendors = byVendor.entrySet().iterator(); vendors.hasNext();) {
                var jobs = vendors.next();
                int before = jobs.getValue().size();
                jobs.getValue().removeIf(drop);
                removed += before - jobs.getValue().size();
                if (jobs.getValue().isEmpty()) {
                    vendors.remove();
                    turns.remove(jobs.getKey());
                }
            }
            size -= removed;
            return removed;
        }

        T poll() {
            String vendor = turns.pollFirst();
            ArrayDeque<T> jobs = byVendor.get(vendor);
            T job = jobs.pollFirst();
            if (jobs.isEmpty()) {
                byVendor.remove(vendor);
            } else {
                turns.addLast(vendor);
            }
            size--;
            return job;
        }
    }
}
