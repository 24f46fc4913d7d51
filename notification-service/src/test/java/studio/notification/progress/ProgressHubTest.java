package studio.notification.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.Cancellable;

/** Event ids as positions per partition, and what a client reconnecting with Last-Event-ID is sent. */
class ProgressHubTest {

    private static final UUID VENDOR = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    private static final UUID BATCH = UUID.randomUUID();

    private record Opened(List<ProgressHub.ProgressEvent> events, Cancellable subscription) {
        List<String> types() {
            return events.stream().map(ProgressHub.ProgressEvent::type).toList();
        }
    }

    private static Opened open(ProgressHub hub, UUID vendor, String lastEventId) {
        List<ProgressHub.ProgressEvent> events = new CopyOnWriteArrayList<>();
        Cancellable subscription = hub.stream(vendor, null, lastEventId).subscribe().with(events::add);
        return new Opened(events, subscription);
    }

    @Test
    void idsArePositionsAndAReconnectGetsExactlyWhatItMissed() {
        ProgressHub hub = new ProgressHub(100, 50);
        Opened first = open(hub, VENDOR, null);
        hub.publish(0, 10, "batch.started", VENDOR, BATCH, "{}");
        hub.publish(2, 7, "batch.progress", OTHER, UUID.randomUUID(), "{}");
        hub.publish(1, 3, "item.completed", VENDOR, BATCH, "{}");
        hub.publish(0, 11, null, null, null, "not an event");
        assertThat(first.events()).extracting(ProgressHub.ProgressEvent::id).containsExactly("11", "11.4.8");
        String lastSeen = first.events().get(0).id();
        first.subscription().cancel();

        // while the client is away
        hub.publish(2, 8, "batch.progress", VENDOR, BATCH, "{}");
        hub.publish(0, 12, "batch.completed", VENDOR, BATCH, "{}");

        Opened again = open(hub, VENDOR, lastSeen);
        assertThat(again.types()).containsExactly("item.completed", "batch.progress", "batch.completed");
        hub.publish(1, 4, "batch.progress", VENDOR, BATCH, "{}");
        assertThat(again.types()).last().isEqualTo("batch.progress");
        assertThat(again.events()).hasSize(4);

        // the newest id: nothing to replay; without an id: nothing either
        assertThat(open(hub, VENDOR, again.events().get(3).id()).events()).isEmpty();
        assertThat(open(hub, VENDOR, null).events()).isEmpty();
        assertThat(open(hub, VENDOR, "garbage").events()).isEmpty();
    }

    @Test
    void aClientAwayLongerThanTheBufferIsToldToReload() {
        ProgressHub hub = new ProgressHub(2, 50);
        hub.publish(0, 0, "batch.started", VENDOR, BATCH, "{}");
        String first = open(hub, VENDOR, "0").events().get(0).id();
        hub.publish(0, 1, "batch.progress", VENDOR, BATCH, "{}");
        hub.publish(0, 2, "batch.progress", VENDOR, BATCH, "{}");
        hub.publish(0, 3, "batch.completed", VENDOR, BATCH, "{}");

        assertThat(first).isEqualTo("1");
        // offset 1 has been dropped from a buffer of 2: the client cannot be made whole
        assertThat(open(hub, VENDOR, first).types()).containsExactly(ProgressHub.RESET, "batch.progress", "batch.completed");
        // a client that saw offset 1 misses nothing
        assertThat(open(hub, VENDOR, "2").types()).containsExactly("batch.progress", "batch.completed");
    }

    @Test
    void aClientFromBeforeThisReplicaStartedIsToldToReload() {
        ProgressHub hub = new ProgressHub(100, 50);
        hub.publish(0, 500, "batch.progress", VENDOR, BATCH, "{}");
        assertThat(open(hub, VENDOR, "420").types()).containsExactly(ProgressHub.RESET, "batch.progress");
        assertThat(open(hub, VENDOR, "500").types()).containsExactly("batch.progress");
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedOnceItsStreamBufferIsFull() {
        ProgressHub hub = new ProgressHub(1000, 10);
        AssertSubscriber<ProgressHub.ProgressEvent> stalled = hub.stream(VENDOR, null, null).subscribe()
                .withSubscriber(AssertSubscriber.create(3));
        Opened reading = open(hub, VENDOR, null);
        for (int offset = 0; offset < 13; offset++) {
            hub.publish(0, offset, "batch.progress", VENDOR, BATCH, "{}");
        }
        // three read, ten held: full but not over
        assertThat(stalled.getItems()).hasSize(3);
        assertThat(hub.streams()).isEqualTo(2);

        hub.publish(0, 13, "batch.progress", VENDOR, BATCH, "{}");
        stalled.assertFailedWith(io.smallrye.mutiny.subscription.BackPressureFailure.class);
        assertThat(hub.streams()).as("the stalled stream is gone, the reading one stays").isEqualTo(1);
        assertThat(reading.events()).hasSize(14);
    }

    @Test
    void aReplayLargerThanTheStreamBufferIsAReset() {
        ProgressHub hub = new ProgressHub(1000, 5);
        hub.publish(0, 0, "batch.started", VENDOR, BATCH, "{}");
        for (int offset = 1; offset <= 8; offset++) {
            hub.publish(0, offset, "batch.progress", VENDOR, BATCH, "{}");
        }
        assertThat(open(hub, VENDOR, "1").types()).containsExactly(ProgressHub.RESET);
        assertThat(open(hub, VENDOR, "6").types()).containsExactly("batch.progress", "batch.progress", "batch.progress");
    }
}
