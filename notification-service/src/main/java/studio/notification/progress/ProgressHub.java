package studio.notification.progress;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/** Fans batch events out to the live progress streams open on this replica. */
@ApplicationScoped
public class ProgressHub {

    /** One event on a stream: its CloudEvents id and type, whose it is, and the event JSON. */
    public record ProgressEvent(String id, String type, UUID vendorId, UUID batchId, String json) {
    }

    private final BroadcastProcessor<ProgressEvent> events = BroadcastProcessor.create();

    public void publish(ProgressEvent event) {
        events.onNext(event);
    }

    /** The events of one vendor from now on, optionally of one batch only. */
    public Multi<ProgressEvent> stream(UUID vendorId, UUID batchId) {
        return events.filter(e -> e.vendorId().equals(vendorId) && (batchId == null || batchId.equals(e.batchId())));
    }
}
