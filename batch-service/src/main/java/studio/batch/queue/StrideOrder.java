package studio.batch.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Whose jobs go next in a lane: stride scheduling over the vendors that have jobs waiting. Each
 * vendor has a pass; the vendor with the lowest goes next, and each job released moves its pass on
 * by 1 / its weight, so over any stretch of time the vendors with work waiting get jobs in
 * proportion to their weights, whatever each has queued. A vendor whose queue was empty joins at
 * the lane's virtual time (the pass of the last job released): it saves up no turns while idle and
 * loses none to those who queued earlier. A pure function of its inputs.
 */
public final class StrideOrder {

    private StrideOrder() {
    }

    /** A vendor with jobs waiting in the lane: how many, its pass, its weight (above 0). */
    public record Turn(UUID vendorId, int waiting, double pass, double weight) {
    }

    /**
     * The next {@code room} jobs: {@code order} the vendor of each, in release order; {@code passes}
     * each chosen vendor's pass afterwards; {@code virtualTime} the pass of the last job chosen
     * (unchanged when none was).
     */
    public record Picks(List<UUID> order, Map<UUID, Double> passes, double virtualTime) {

        /** How many jobs each vendor gets. */
        public Map<UUID, Integer> counts() {
            Map<UUID, Integer> counts = new LinkedHashMap<>();
            order.forEach(v -> counts.merge(v, 1, Integer::sum));
            return counts;
        }
    }

    /**
     * Picks up to {@code room} jobs among {@code turns}. Enough vendors to fill the room are those
     * with the {@code room} lowest passes: any other has a pass at least as high as all of them.
     */
    public static Picks pick(List<Turn> turns, int room, double virtualTime) {
        PriorityQueue<double[]> next = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : Double.compare(a[1], b[1]));
        List<Turn> byIndex = new ArrayList<>(turns);
        int[] left = new int[turns.size()];
        for (int i = 0; i < byIndex.size(); i++) {
            Turn turn = byIndex.get(i);
            left[i] = turn.waiting();
            if (left[i] > 0) {
                next.add(new double[] { Math.max(turn.pass(), virtualTime), i });
            }
        }
        List<UUID> order = new ArrayList<>(Math.max(0, room));
        Map<UUID, Double> passes = new LinkedHashMap<>();
        double clock = virtualTime;
        while (order.size() < room && !next.isEmpty()) {
            double[] head = next.poll();
            int i = (int) head[1];
            Turn turn = byIndex.get(i);
            clock = head[0];
            order.add(turn.vendorId());
            double pass = head[0] + 1.0 / turn.weight();
            passes.put(turn.vendorId(), pass);
            if (--left[i] > 0) {
                next.add(new double[] { pass, i });
            }
        }
        return new Picks(order, passes, clock);
    }
}
