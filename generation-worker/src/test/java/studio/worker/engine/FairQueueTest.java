package studio.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import studio.common.events.Lane;

class FairQueueTest {

    private final FairQueue<String> queue = new FairQueue<>(Map.of(Lane.INTERACTIVE, 6, Lane.STANDARD, 3, Lane.BULK, 1));

    private List<String> drain(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(queue.poll());
        }
        return out;
    }

    @Test
    void aVendorsTenItemsAreNotHeldBackByAnotherVendorsTenThousand() {
        for (int i = 0; i < 10_000; i++) {
            queue.add(Lane.STANDARD, "big", "big-" + i);
        }
        for (int i = 0; i < 10; i++) {
            queue.add(Lane.STANDARD, "small", "small-" + i);
        }
        List<String> first = drain(20);
        // turns alternate: the small vendor's ten are all out within the first twenty
        assertThat(first.stream().filter(j -> j.startsWith("small"))).hasSize(10);
        assertThat(first.get(0)).isEqualTo("big-0");
        assertThat(first.get(1)).isEqualTo("small-0");
        assertThat(queue.size()).isEqualTo(10_000 - 10);
    }

    @Test
    void lanesAreServedByWeightAndBulkIsNeverStarved() {
        for (int i = 0; i < 1000; i++) {
            queue.add(Lane.INTERACTIVE, "v", "i");
            queue.add(Lane.STANDARD, "v", "s");
            queue.add(Lane.BULK, "v", "b");
        }
        List<String> served = drain(100);
        assertThat(served.stream().filter("i"::equals)).hasSize(60);
        assertThat(served.stream().filter("s"::equals)).hasSize(30);
        assertThat(served.stream().filter("b"::equals)).hasSize(10);
        // within any ten, every lane has its turn
        for (int start = 0; start < 100; start += 10) {
            assertThat(served.subList(start, start + 10)).contains("i", "s", "b");
        }
    }

    @Test
    void aLaneWithoutWorkLeavesItsShareToTheOthers() {
        for (int i = 0; i < 50; i++) {
            queue.add(Lane.BULK, "v", "b" + i);
        }
        queue.add(Lane.INTERACTIVE, "v", "urgent");
        assertThat(queue.poll()).isEqualTo("urgent");
        assertThat(drain(50)).allMatch(j -> j.startsWith("b"));
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aJobPutBackForAnUrgentOneIsNextInItsTurnAgain() {
        queue.add(Lane.STANDARD, "a", "a-0");
        queue.add(Lane.STANDARD, "a", "a-1");
        queue.add(Lane.STANDARD, "b", "b-0");
        String waiting = queue.poll();
        assertThat(waiting).isEqualTo("a-0");
        // the dispatcher held a-0 for its permit when an interactive job came: a-0 goes back, the urgent one first
        queue.add(Lane.INTERACTIVE, "c", "urgent");
        queue.putBack(Lane.STANDARD, "a", waiting);
        assertThat(queue.size()).isEqualTo(4);
        assertThat(drain(4)).containsExactly("urgent", "a-0", "b-0", "a-1");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void jobsOfRevokedPartitionsAreRemovedAndTheRestKeepTheirTurns() {
        for (int i = 0; i < 4; i++) {
            queue.add(Lane.STANDARD, "a", "a-p0-" + i);
            queue.add(Lane.STANDARD, "b", "b-p1-" + i);
            queue.add(Lane.BULK, "a", "a-p1-bulk-" + i);
        }
        assertThat(queue.removeIf(job -> job.contains("-p1-"))).isEqualTo(8);

        assertThat(queue.size()).isEqualTo(4);
        assertThat(queue.size(Lane.STANDARD)).isEqualTo(4);
        assertThat(queue.size(Lane.BULK)).isZero();
        assertThat(drain(4)).containsExactly("a-p0-0", "a-p0-1", "a-p0-2", "a-p0-3");
        assertThat(queue.poll()).isNull();
    }
}
