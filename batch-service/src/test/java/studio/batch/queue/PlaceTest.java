package studio.batch.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PlaceTest {

    @Test
    void aSmallBatchBesideABigBacklogTakesItsFairShareNotTheBacklogsTime() {
        // the lane does 600 a minute; another vendor has 20,000 waiting, this one nothing: 20 new images
        Place place = new Place(0, 1, List.<double[]>of(new double[] { 20_000, 1 }), 0, 0, 1, 0, 600);
        // 20 of its own and 20 of the other's at 10 a second: 4 s, not 34 minutes
        assertThat(place.secondsFor(20)).isEqualTo(4);
        assertThat(place.share()).isEqualTo(0.5);
        assertThat(place.vendorImagesPerMinute()).isEqualTo(300);
    }

    @Test
    void aVendorRunningDryLeavesItsShareToTheOthers() {
        // another vendor with 5 waiting: it is done after 5 of ours, then ours have the lane alone
        Place place = new Place(0, 1, List.<double[]>of(new double[] { 5, 1 }), 0, 0, 1, 0, 60);
        assertThat(place.secondsFor(100)).isEqualTo(105);
    }

    @Test
    void weightsTheJobsAlreadyInTheFleetAndTheVendorsOwnQueueCount() {
        // weight 3 against 1 and a rest of 10,000 vendors' jobs of weight 1 in all; 50 in the fleet; 30 of ours waiting
        Place place = new Place(30, 3, List.<double[]>of(new double[] { 1000, 1 }), 50_000, 1, 10_001, 50, 600);
        // our 30 + 30 new at weight 3 take 20 turns' time: 20 of the listed one, 20 of the rest, and the 50 in the fleet
        assertThat(place.secondsFor(30)).isEqualTo(Math.round(Math.ceil((60 + 20 + 20 + 50) * 60.0 / 600)));
        assertThat(place.share()).isEqualTo(0.6);
        assertThat(place.othersWaiting()).isEqualTo(51_000);
        assertThat(place.secondsToStart()).isEqualTo(place.secondsThrough(30));
        assertThat(new Place(0, 1, List.of(), 0, 0, 0, 50, 600).secondsToStart()).isEqualTo(1);
    }
}
