package studio.style.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.messaging.UntilAvailable;
import studio.common.events.EventTypes;
import studio.common.events.GenerationResult;
import studio.style.service.StyleGallery;

/** Keeps the images of preview batches from the workers' results ({@code studio.generation.results}). */
@ApplicationScoped
public class PreviewResultConsumer {

    private final StyleGallery gallery;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public PreviewResultConsumer(StyleGallery gallery, ObjectMapper json, UntilAvailable database) {
        this.gallery = gallery;
        this.json = json;
        this.database = database;
    }

    /** Retried while a preview request waits for batch-service's answer, and on a passing database failure. */
    @Incoming("preview-results")
    @Retry(maxRetries = 200, delay = 300, jitter = 100, maxDuration = 150_000)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return EventTypes.decode(json, record, GenerationResult.class).map(result -> database.run("preview-results", () -> gallery.keep(result)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
