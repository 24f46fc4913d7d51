package studio.style.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

    /**
     * A poll's worth of results at once (the channel is in batch mode: every image's result comes
     * here, and few are previews), in one transaction. Retried while a preview request waits for
     * batch-service's answer, and on a passing database failure.
     */
    @Incoming("preview-results")
    @Retry(maxRetries = 200, delay = 300, jitter = 100, maxDuration = 150_000)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<GenerationResult.Completed> completed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            EventTypes.decode(json, record, GenerationResult.Completed.class).ifPresent(completed::add);
        }
        return completed.isEmpty() ? Uni.createFrom().voidItem() : database.run("preview-results", () -> gallery.keepAll(completed));
    }
}
