package studio.common.events;

import java.time.Instant;
import java.util.UUID;

/** Events of {@value Topics#BATCHES}, published by batch-service: a batch's life from creation to its end. */
public sealed interface BatchEvent extends StudioEvent {

    UUID batchId();

    UUID vendorId();

    @Override
    default String topic() {
        return Topics.BATCHES;
    }

    @Override
    default String aggregateId() {
        return batchId().toString();
    }

    /** The counters of a batch at the moment of an event. */
    record Counters(int total, int completed, int failed, int cancelled) {
    }

    /**
     * {@code templateVersion}: the template version the batch rendered, so it can be reproduced;
     * {@code styleId}: the style it applied, if one (null for none or a mix).
     */
    record Created(UUID batchId, UUID vendorId, UUID templateId, Integer templateVersion, int totalImages, UUID styleId)
            implements BatchEvent {
        public static final String TYPE = "batch.created";

        public Created(UUID batchId, UUID vendorId, UUID templateId, Integer templateVersion, int totalImages) {
            this(batchId, vendorId, templateId, templateVersion, totalImages, null);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Scheduled(UUID batchId, UUID vendorId, Instant scheduledFor) implements BatchEvent {
        public static final String TYPE = "batch.scheduled";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Started(UUID batchId, UUID vendorId, int totalImages) implements BatchEvent {
        public static final String TYPE = "batch.started";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Progress(UUID batchId, UUID vendorId, Counters counters) implements BatchEvent {
        public static final String TYPE = "batch.progress";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Completed(UUID batchId, UUID vendorId, Counters counters) implements BatchEvent {
        public static final String TYPE = "batch.completed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Failed(UUID batchId, UUID vendorId, Counters counters, String reason) implements BatchEvent {
        public static final String TYPE = "batch.failed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Cancelled(UUID batchId, UUID vendorId, Counters counters) implements BatchEvent {
        public static final String TYPE = "batch.cancelled";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * One item ended with an image. {@code resultAt}: when the worker published the result, so a
     * subscriber can tell how long the news took to reach it.
     */
    record ItemCompleted(UUID batchId, UUID vendorId, UUID itemId, int rowIndex, int attempt, String name, Instant resultAt)
            implements BatchEvent {
        public static final String TYPE = "item.completed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** One item ended without an image; {@code errorMessage} says why in words a vendor can act on. */
    record ItemFailed(UUID batchId, UUID vendorId, UUID itemId, int rowIndex, int attempt, String errorMessage, Instant resultAt)
            implements BatchEvent {
        public static final String TYPE = "item.failed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The vendor rated one of the batch's images, 1 to 5 ({@code rating} null: the rating was taken back). */
    record ItemRated(UUID batchId, UUID vendorId, UUID itemId, Integer rating, Instant ratedAt) implements BatchEvent {
        public static final String TYPE = "item.rated";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
