package studio.batch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import studio.common.events.BatchEvent;
import studio.common.events.BatchEvent.Counters;
import studio.common.events.StudioEvent;

class ResultsTest {

    private final UUID vendor = UUID.randomUUID();
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void aPollReportsEachBatchsProgressOnceWithItsLatestCountersAndKeepsEveryItemEvent() {
        List<StudioEvent> events = List.of(
                new BatchEvent.Started(a, vendor, 3),
                completed(a, 0), progress(a, 1),
                completed(b, 4), progress(b, 5),
                completed(a, 1), progress(a, 2),
                completed(a, 2), progress(a, 3), new BatchEvent.Completed(a, vendor, new Counters(3, 3, 0, 0)));

        List<StudioEvent> kept = Results.coalesced(events);

        assertThat(kept).containsExactly(
                events.get(0), events.get(1),
                events.get(3), events.get(4),
                events.get(5),
                events.get(7), events.get(8), events.get(9));
        assertThat(kept).filteredOn(e -> e instanceof BatchEvent.Progress)
                .extracting(e -> ((BatchEvent.Progress) e).counters().completed()).containsExactly(5, 3);
    }

    @Test
    void aLoneResultKeepsItsProgress() {
        List<StudioEvent> events = List.of(completed(a, 0), progress(a, 1));
        assertThat(Results.coalesced(events)).isEqualTo(events);
    }

    private BatchEvent.ItemCompleted completed(UUID batch, int row) {
        return new BatchEvent.ItemCompleted(batch, vendor, UUID.randomUUID(), row, 1, null, Instant.now());
    }

    private BatchEvent.Progress progress(UUID batch, int completed) {
        return new BatchEvent.Progress(batch, vendor, new Counters(10, completed, 0, 0));
    }
}
