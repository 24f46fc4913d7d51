package studio.common.events;

import java.util.Map;
import java.util.UUID;

/**
 * A prompt job on a lane's jobs topic ({@code generation.requested}), published by batch-service
 * and consumed by generation-worker. Keyed by item id; {@code attempt} starts at 1 and grows with
 * every retry, so item id and attempt together identify one unit of work. {@code name} is what the
 * image is about (a row's product name; null when unknown), for its file name.
 */
public record GenerationJob(UUID itemId, UUID batchId, UUID vendorId, int attempt, Lane lane,
        String prompt, String model, Map<String, Object> parameters, String name) implements StudioEvent {

    public static final String TYPE = "generation.requested";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String topic() {
        return Topics.jobs(lane);
    }

    @Override
    public String aggregateId() {
        return itemId.toString();
    }
}
