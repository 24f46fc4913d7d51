package studio.worker.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import studio.common.events.CloudEventHeaders;
import studio.common.events.StudioEvent;
import studio.common.events.Topics;

/**
 * Publishes the worker's results and alerts straight to Kafka (the worker's database holds only the
 * rate limiter, so there is no outbox), keyed by aggregate id with the CloudEvents headers; the Uni
 * completes with the broker's acknowledgement. Records that are no job at all go to the dead-letter
 * topic as they came, with the reason.
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

    public Uni<Void> publish(StudioEvent event) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(headers, CloudEventHeaders.TYPE, event.type());
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, Instant.now().toString());
        header(headers, CloudEventHeaders.SUBJECT, event.aggregateId());
        header(headers, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(headers, CloudEventHeaders.CONTENT_TYPE, "application/json");
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("event cannot be written as JSON: " + event.type(), e));
        }
        return results.sendMessage(Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.aggregateId()).withHeaders(headers).build()));
    }

    /** A record that cannot be processed at all, to {@value Topics#GENERATION_DLQ} with its headers and {@code dlq_reason}. */
    public Uni<Void> deadLetter(String topic, String key, String value, Headers original, String reason) {
        RecordHeaders headers = new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        header(headers, "dlq_reason", reason);
        header(headers, "dlq_topic", topic);
        return results.sendMessage(Message.of(value == null ? "" : value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.GENERATION_DLQ).withKey(key).withHeaders(headers).build()));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
