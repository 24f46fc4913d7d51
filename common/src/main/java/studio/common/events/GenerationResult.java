package studio.common.events;

import java.math.BigDecimal;
import java.util.UUID;

/** Events of {@value Topics#GENERATION_RESULTS}, published by generation-worker once a result is safely stored. */
public sealed interface GenerationResult extends StudioEvent {

    UUID itemId();

    UUID batchId();

    UUID vendorId();

    int attempt();

    @Override
    default String topic() {
        return Topics.GENERATION_RESULTS;
    }

    @Override
    default String aggregateId() {
        return itemId().toString();
    }

    record Completed(UUID itemId, UUID batchId, UUID vendorId, int attempt, String provider, String model,
            String imageKey, String thumbnailKey, BigDecimal costUsd, long durationMs) implements GenerationResult {
        public static final String TYPE = "generation.completed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Failed(UUID itemId, UUID batchId, UUID vendorId, int attempt, String provider, String model,
            String errorCode, String errorMessage, BigDecimal costUsd) implements GenerationResult {
        public static final String TYPE = "generation.failed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Retrying(UUID itemId, UUID batchId, UUID vendorId, int attempt, String reason, long retryInMs)
            implements GenerationResult {
        public static final String TYPE = "generation.retrying";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
