package studio.batch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class StrideOrderTest {

    private static final UUID A = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-4000-8000-00000000000c");

    @Test
    void vendorsWithEqualWeightsTakeTurnsWhateverEachHasQueued() {
        StrideOrder.Picks picks = StrideOrder.pick(List.of(new StrideOrder.Turn(A, 20_000, 0, 1), new StrideOrder.Turn(B, 3, 0, 1)), 8, 0);
        assertThat(picks.order()).containsExactly(A, B, A, B, A, B, A, A);
        assertThat(picks.counts()).containsEntry(A, 5).containsEntry(B, 3);
    }

    @Test
    void weightsGiveSharesInProportion() {
        StrideOrder.Picks picks = StrideOrder.pick(List.of(new StrideOrder.Turn(A, 1000, 0, 3), new StrideOrder.Turn(B, 1000, 0, 1),
                new StrideOrder.Turn(C, 1000, 0, 2)), 60, 0);
        assertThat(picks.counts()).containsEntry(A, 30).containsEntry(B, 10).containsEntry(C, 20);
    }

    @Test
    void aLoneVendorGetsAllTheRoom() {
        assertThat(StrideOrder.pick(List.of(new StrideOrder.Turn(A, 500, 7, 1)), 100, 7).order()).hasSize(100).containsOnly(A);
    }

    @Test
    void aVendorThatWasIdleJoinsAtTheLanesVirtualTimeAndSavesUpNoTurns() {
        // A has been served for a long time (its pass 1000); B comes back with an old pass of 3
        StrideOrder.Picks picks = StrideOrder.pick(List.of(new StrideOrder.Turn(B, 100, 3, 1), new StrideOrder.Turn(A, 100, 1000, 1)), 6,
                1000);
        assertThat(picks.counts()).containsEntry(A, 3).containsEntry(B, 3);
        assertThat(picks.virtualTime()).isEqualTo(1002);
        assertThat(picks.passes()).containsEntry(A, 1003.0).containsEntry(B, 1003.0);
    }

    @Test
    void noRoomOrNoWorkPicksNothing() {
        assertThat(StrideOrder.pick(List.of(new StrideOrder.Turn(A, 5, 0, 1)), 0, 4).order()).isEmpty();
        StrideOrder.Picks none = StrideOrder.pick(List.of(), 10, 4);
        assertThat(none.order()).isEmpty();
        assertThat(none.virtualTime()).isEqualTo(4);
    }
}
