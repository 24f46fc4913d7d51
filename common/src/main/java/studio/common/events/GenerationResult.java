package studio.common.events;

import java.math.BigDecimal;
import java.util.UUID;

import studio.common.catalog.Usage;

/**
 * Events of {@value Topics#GENERATION_RESULTS}, published by generation-worker once a result is safely
 * stored. An attempt's {@code costUsd} is what its provider calls cost ({@code costBasis}: {@code usage}
 * from the provider's reported {@code usage}, {@code catalog} from the published price, {@code none} when
 * no paid call was made, for example a refused request, the placeholder or an image already stored);
 * a failed attempt can cost money too (the image was made but could not be stored).
 */
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

    /** An attempt that ended (completed or failed): who ran it, and what it cost. */
    sealed interface Ended extends GenerationResult permits Completed, Failed {

        String provider();

        String model();

        BigDecimal costUsd();

        Usage usage();

        String costBasis();
    }

    record Completed(UUID itemId, UUID batchId, UUID vendorId, int attempt, String provider, String model,
            String imageKey, String thumbnailKey, BigDecimal costUsd, long durationMs, Usage usage, String costBasis) implements Ended {
        public static final String TYPE = "generation.completed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Failed(UUID itemId, UUID batchId, UUID vendorId, int attempt, String provider, String model,
            String errorCode, String errorMessage, BigDecimal costUsd, Usage usage, String costBasis) implements Ended {
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
