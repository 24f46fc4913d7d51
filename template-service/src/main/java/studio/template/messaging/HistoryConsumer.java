package studio.template.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.messaging.UntilAvailable;
import studio.common.events.EventTypes;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.template.service.PromptHistory;

/** Builds the prompt history from the jobs of every lane and from the workers' results. */
@ApplicationScoped
public class HistoryConsumer {

    private final PromptHistory history;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public HistoryConsumer(PromptHistory history, ObjectMapper json, UntilAvailable database) {
        this.history = history;
        this.json = json;
        this.database = database;
    }

    @Incoming("history-jobs")
    public Uni<Void> job(ConsumerRecord<String, String> record) {
        return EventTypes.decode(json, record, GenerationJob.class).map(job -> database.run("history-jobs", () -> history.recordJob(job)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    @Incoming("history-results")
    public Uni<Void> result(ConsumerRecord<String, String> record) {
        return EventTypes.decode(json, record, GenerationResult.class)
                .map(result -> database.run("history-results", () -> history.recordResult(result)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }
}
