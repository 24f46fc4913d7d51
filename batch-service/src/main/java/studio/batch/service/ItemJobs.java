package studio.batch.service;

import java.util.Map;

import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationItem;
import studio.common.catalog.ModelCatalog;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.common.events.Priority;

/** The job of an item that is sent (again) after its batch was stored: released, retried or resent by the watchdog. */
final class ItemJobs {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    private ItemJobs() {
    }

    /** The item's job at its current attempt, on the lane of its batch's priority ({@code fallback} for a batch without one). */
    @SuppressWarnings("unchecked")
    static GenerationJob of(GenerationBatch batch, GenerationItem item, Priority fallback) {
        Map<String, Object> config = batch.config == null ? Map.of() : batch.config;
        Map<String, Object> parameters = config.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Object priority = config.get("priority");
        Lane lane = (priority == null ? fallback : Priority.of(String.valueOf(priority))).lane();
        return new GenerationJob(item.id, batch.id, batch.vendorId, item.attempt, lane, item.prompt, CATALOG.modelFor(parameters).id(),
                item.parameters, item.name);
    }
}
