package studio.worker.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import studio.common.events.CloudEventHeaders;
import studio.common.events.StudioEvent;

/**
 * Publishes the worker's results straight to Kafka (the worker has no database, so no outbox),
 * keyed by aggregate id with the CloudEvents headers, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class ResultPublisher {

    private final MutinyEmitter<String> results;
    private final ObjectMapper json;
    private final String source;

    public ResultPublisher(@Channel("generation-results") MutinyEmitter<String> results, ObjectMapper json,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.results = results;
        this.json = json;
        this.source = source;
    }

    public void publish(StudioEvent event) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(headers, CloudEventHeaders.TYPE, event.type());
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, Instant.now().toString());
        header(headers, CloudEventHeaders.SUBJECT, event.aggregateId());
        header(headers, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        try {
            results.sendMessageAndAwait(Message.of(json.writeValueAsString(event)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withTopic(event.topic()).withKey(event.aggregateId())
                            .withHeaders(headers).build()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + event.type(), e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
