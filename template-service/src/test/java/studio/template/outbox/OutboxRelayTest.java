package studio.template.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import studio.common.events.CloudEventHeaders;
import studio.common.events.TemplateEvent;
import studio.common.events.Topics;
import studio.common.outbox.Outbox;
import studio.common.outbox.OutboxRelay;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicReader;

/** The transactional outbox of common, exercised in a real service on real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Test
    void committedChangesArriveInCommitOrderPerAggregateWithCloudEventHeaders() throws Throwable {
        UUID template = UUID.randomUUID();
        UUID vendor = UUID.randomUUID();
        for (int version = 1; version <= 20; version++) {
            commit(new TemplateEvent.Updated(template, vendor, "t", version));
        }

        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(r -> template.toString().equals(r.key()),
                    found -> found.size() >= 20, WAIT);
            assertThat(records).extracting(r -> new JsonObject(r.value()).getInteger("version"))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
            var headers = CloudEventHeaders.read(records.get(0).headers());
            assertThat(headers).containsEntry(CloudEventHeaders.TYPE, TemplateEvent.Updated.TYPE)
                    .containsEntry(CloudEventHeaders.SOURCE, "template-service")
                    .containsEntry(CloudEventHeaders.SUBJECT, template.toString())
                    .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0")
                    .containsKeys(CloudEventHeaders.ID, CloudEventHeaders.TIME);
        }
    }

    @Test
    void rolledBackChangeYieldsNoEvent() throws Throwable {
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                outbox.publish(new TemplateEvent.Created(rolledBack, UUID.randomUUID(), "never", 1))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("business rule failed"))))))
                .hasMessageContaining("business rule failed");
        commit(new TemplateEvent.Created(committed, UUID.randomUUID(), "later", 1));

        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            // The later commit has arrived, so the rolled-back one would have arrived before it.
            reader.readUntil(r -> committed.toString().equals(r.key()), found -> !found.isEmpty(), WAIT);
            assertThat(reader.readFor(r -> rolledBack.toString().equals(r.key()), Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void relayRestartLosesNothingAndResendsNothing() throws Throwable {
        UUID template = UUID.randomUUID();
        UUID vendor = UUID.randomUUID();
        commit(new TemplateEvent.Updated(template, vendor, "before", 1));
        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            reader.readUntil(r -> template.toString().equals(r.key()), found -> found.size() == 1, WAIT);
        }

        relay.stop();
        try {
            commit(new TemplateEvent.Updated(template, vendor, "while stopped", 2));
            commit(new TemplateEvent.Updated(template, vendor, "while stopped", 3));
        } finally {
            relay.start();
        }
        commit(new TemplateEvent.Updated(template, vendor, "after", 4));

        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            reader.readUntil(r -> template.toString().equals(r.key()), found -> found.size() >= 4, WAIT);
            List<ConsumerRecord<String, String>> all = reader.readFor(r -> template.toString().equals(r.key()), Duration.ofSeconds(2));
            assertThat(all).extracting(r -> new JsonObject(r.value()).getInteger("version")).containsExactly(1, 2, 3, 4);
        }
    }

    private void commit(TemplateEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publish(event)));
    }
}
