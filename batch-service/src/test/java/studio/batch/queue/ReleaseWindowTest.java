package studio.batch.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleaseWindowTest {

    private final ReleaseWindow windows = new ReleaseWindow(16, 600, 2);

    @Test
    void aFleetAtItsLimitHoldsItsCallsAndTwoSecondsOfWorkAhead() {
        // 10 jobs a second ended, each ran 3 s and waited 4 s at the workers: the window shrinks to 10 * (3 + 2)
        assertThat(windows.next(200.0, true, new ReleaseWindow.Measured(50, 5, 3, 4))).isEqualTo(50);
    }

    @Test
    void aFullWindowWhoseJobsBarelyWaitedGrowsByHalf() {
        // 40 jobs held, 4 ended a second after 10 s each, none waited: the window was the limit
        assertThat(windows.next(40.0, true, new ReleaseWindow.Measured(20, 5, 10, 0.1))).isEqualTo(60);
        // the figure from the measurement wins when it is larger
        assertThat(windows.next(40.0, true, new ReleaseWindow.Measured(100, 5, 10, 0.1))).isEqualTo(240);
    }

    @Test
    void aWindowThatWasNotFullOrWhoseJobsWaitedAWhileStays() {
        assertThat(windows.next(40.0, false, new ReleaseWindow.Measured(20, 5, 1, 0.1))).isEqualTo(40);
        assertThat(windows.next(40.0, true, new ReleaseWindow.Measured(20, 5, 1, 1.5))).isEqualTo(40);
    }

    @Test
    void nothingEndedLeavesItAsItIsAndTheBoundsHold() {
        // a provider down: nothing to size the window by, and no reason to fill the fleet with work it would hand back
        assertThat(windows.next(null, false, null)).isEqualTo(16);
        assertThat(windows.next(16.0, true, null)).isEqualTo(16);
        assertThat(windows.next(500.0, true, null)).isEqualTo(500);
        assertThat(windows.next(5000.0, true, null)).isEqualTo(600);
        assertThat(windows.next(100.0, false, new ReleaseWindow.Measured(1, 5, 0.01, 10))).isEqualTo(16);
        assertThatThrownBy(() -> new ReleaseWindow(0, 10, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
