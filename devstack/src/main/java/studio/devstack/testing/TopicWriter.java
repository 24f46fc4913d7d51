package studio.devstack.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import studio.common.events.CloudEventHeaders;
import studio.devstack.Devstack;

/** Writes events to the shared devstack broker as a producing service would (CloudEvents headers, keyed). */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Devstack.shared().kafka().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));

    /** Sends and waits for the broker's acknowledgement; returns the event id used. */
    public String send(String topic, String key, String type, String json) {
        return sendWithId(topic, key, type, json, UUID.randomUUID().toString());
    }

    /** Sends with a given event id, as a redelivery of an earlier record would carry. */
    public String sendWithId(String topic, String key, String type, String json, String id) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8))
                .add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8))
                .add(CloudEventHeaders.SOURCE, "test".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the record", e.getCause());
        }
        return id;
    }

    @Override
    public void close() {
        producer.close();
    }
}
