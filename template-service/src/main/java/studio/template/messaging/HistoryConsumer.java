package studio.template.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.messaging.UntilAvailable;
import studio.common.events.EventTypes;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.template.service.PromptHistory;

/**
 * Builds the prompt history from the jobs of every lane and from the workers' results, a poll's
 * worth of records at a time (the channels are in batch mode): every image is a job and a result,
 * and a transaction for each cost this service more CPU than anything else it does.
 */
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

    /** A poll's worth of jobs at once: one transaction for them all, not one each. */
    @Incoming("history-jobs")
    public Uni<Void> jobs(ConsumerRecords<String, String> records) {
        List<GenerationJob> jobs = decode(records, GenerationJob.class);
        return jobs.isEmpty() ? Uni.createFrom().voidItem() : database.run("history-jobs", () -> history.recordJobs(jobs));
    }

    /** A poll's worth of results at once. */
    @Incoming("history-results")
    public Uni<Void> results(ConsumerRecords<String, String> records) {
        List<GenerationResult> results = decode(records, GenerationResult.class);
        return results.isEmpty() ? Uni.createFrom().voidItem() : database.run("history-results", () -> history.recordResults(results));
    }

    private <T extends studio.common.events.StudioEvent> List<T> decode(ConsumerRecords<String, String> records, Class<T> wanted) {
        List<T> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            EventTypes.decode(json, record, wanted).ifPresent(events::add);
        }
        return events;
    }
}
