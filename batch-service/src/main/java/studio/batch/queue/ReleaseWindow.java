package studio.batch.queue;

/**
 * How many jobs of a lane the fleet should hold at once (released, not ended): enough for every call
 * the fleet can have open plus {@code ahead} seconds of work queued in front of it, and no more, so
 * that a vendor's new job waits seconds behind what was released before it, never hours.
 *
 * <p>By Little's law the fleet holds {@code X * (P + ahead)} when it ends X jobs a second that each take
 * P seconds once started and wait {@code ahead} before. The window follows what it measures: when
 * jobs waited at the workers for more than {@code ahead}, the fleet is at its limit and the window
 * shrinks to that figure; when they barely waited and the window was full, the window, not the fleet,
 * was the limit, and it grows by half (so a slow provider's many calls in flight are reached in a few
 * steps). Without ended jobs it stays as it is. A pure function of its inputs.
 */
public record ReleaseWindow(double min, double max, double aheadSeconds) {

    public ReleaseWindow {
        if (!(min >= 1 && max >= min && aheadSeconds > 0)) {
            throw new IllegalArgumentException("a release window needs 1 <= min <= max and ahead > 0, not " + min + ", " + max + ", "
                    + aheadSeconds);
        }
    }

    /** What the lane's ended jobs showed over the last measurement. */
    public record Measured(int ended, double seconds, double averageRunSeconds, double averageWaitSeconds) {
    }

    /**
     * The window after a measurement. {@code current} the window now (null: none yet, the minimum);
     * {@code wasFull} whether the window was full with jobs still waiting at some point of the
     * measurement; {@code measured} null when no job of the lane ended in it.
     */
    public double next(Double current, boolean wasFull, Measured measured) {
        double window = current == null ? min : current;
        if (measured != null && measured.ended() > 0) {
            double perSecond = measured.ended() / measured.seconds();
            double needed = perSecond * (measured.averageRunSeconds() + aheadSeconds);
            if (measured.averageWaitSeconds() > aheadSeconds) {
                window = needed;
            } else if (wasFull && measured.averageWaitSeconds() < aheadSeconds / 2) {
                window = Math.max(needed, window * 1.5);
            }
        }
        // nothing ended: no figure to size it by (a provider down, or calls longer than a measurement); it stays
        // as it is, rather than filling the fleet with work that would have to be handed back
        return Math.max(min, Math.min(max, window));
    }
}
