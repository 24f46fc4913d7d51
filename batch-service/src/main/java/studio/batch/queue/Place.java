package studio.batch.queue;

import java.util.List;

/**
 * A vendor's place in a lane of the fair queue, and what follows from it. While vendors have jobs
 * waiting, the lane's pace is shared in proportion to their weights, and a vendor whose queue runs
 * dry leaves its share to the others (generalised processor sharing, which the releaser's turns
 * follow job by job). So when the vendor's first {@code n} waiting jobs are done, each other vendor
 * u has had {@code min(waiting_u, weight_u * n / weight)} of its own done: the lane has done the sum
 * of these and the vendor's n, at its pace, after the jobs already in the fleet.
 *
 * @param waiting      the vendor's jobs waiting in the lane (its own queue, first in first out)
 * @param weight       its weight
 * @param others       the other vendors with jobs waiting, each as {waiting, weight}: the ones that run dry first
 * @param restWaiting  the jobs of the other vendors not listed (a lane of thousands of vendors lists the first ones)
 * @param restWeight   their weights' sum
 * @param otherVendors how many other vendors have jobs waiting
 * @param outstanding  the lane's jobs in the fleet (released, not ended)
 * @param imagesPerMinute the lane's pace
 */
public record Place(long waiting, double weight, List<double[]> others, double restWaiting, double restWeight, int otherVendors,
        long outstanding,
        double imagesPerMinute) {

    /** The vendor's share of the lane now (1 when it is alone, or alone with work). */
    public double share() {
        double total = weight + restWeight;
        for (double[] other : others) {
            total += other[1];
        }
        return weight / total;
    }

    /** The other vendors' waiting jobs. */
    public long othersWaiting() {
        double sum = restWaiting;
        for (double[] other : others) {
            sum += other[0];
        }
        return Math.round(sum);
    }

    /** Seconds until the vendor's first {@code jobs} waiting jobs (its queue, then new ones) are done. */
    public long secondsThrough(long jobs) {
        if (jobs <= 0) {
            return 0;
        }
        double perWeight = jobs / weight;
        double lane = jobs + outstanding + Math.min(restWaiting, restWeight * perWeight);
        for (double[] other : others) {
            lane += Math.min(other[0], other[1] * perWeight);
        }
        return Math.round(Math.ceil(lane * 60.0 / imagesPerMinute));
    }

    /** Seconds until {@code images} new images of the vendor are done, behind its own waiting jobs. */
    public long secondsFor(long images) {
        return secondsThrough(waiting + images);
    }

    /**
     * Seconds until a new job of the vendor starts: after its own waiting jobs and the others' turns
     * among them; with none waiting, at the lane's next free place (the workers take vendors in turn
     * among the jobs they hold, so it does not wait behind the fleet's other jobs).
     */
    public long secondsToStart() {
        return waiting == 0 ? Math.round(Math.ceil(60.0 / imagesPerMinute)) : secondsThrough(waiting);
    }

    /** The vendor's pace while it has work waiting: its share of the lane's. */
    public double vendorImagesPerMinute() {
        return imagesPerMinute * share();
    }
}
