package studio.common.outbox;

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
import studio.common.error.ProblemException;
import studio.common.events.CloudEventHeaders;
import studio.common.events.TemplateEvent;
import studio.common.events.Topics;
import studio.common.persistence.NativeSql;
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
        // each relayed event's lag from its commit, for the operators' alert
        assertThat(io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("studio_outbox_relay_lag_seconds_count").contains("studio_outbox_relay_lag_seconds_max");
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

    @Test
    void anEventOverTheLimitFailsItsTransactionWithA413() {
        UUID template = UUID.randomUUID();
        assertThatThrownBy(() -> commit(new TemplateEvent.Created(template, UUID.randomUUID(), "x".repeat(1_000_000), 1)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("events are limited to 900000 bytes");
                });
    }

    @Test
    void aRowKafkaRefusesIsDeadLetteredAndTheEventsAfterItFlow() throws Throwable {
        UUID poison = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        long before = relay.deadLetteredCount();
        // written past the outbox's own limit, as a row from before the limit existed would be
        String payload = new JsonObject().put("templateId", poison.toString()).put("name", "y".repeat(1_500_000)).encode();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> NativeSql.update(
                "INSERT INTO outbox_event (id, aggregate_type, aggregate_id, type, source, occurred_at, payload)"
                        + " VALUES (?1, ?2, ?3, ?4, 'template-service', now(), ?5)",
                UUID.randomUUID(), Topics.TEMPLATES, poison.toString(), TemplateEvent.Created.TYPE, payload)));
        commit(new TemplateEvent.Created(after, UUID.randomUUID(), "after the poison", 1));

        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            reader.readUntil(r -> after.toString().equals(r.key()), found -> !found.isEmpty(), WAIT);
        }
        assertThat(relay.deadLetteredCount()).isEqualTo(before + 1);
        Object[] kept = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT aggregate_id, payload_bytes, reason FROM outbox_dead_letter WHERE aggregate_id = ?1", Object[].class)
                .setParameter(1, poison.toString()).getSingleResult())));
        assertThat((Integer) kept[1]).isEqualTo(payload.length());
        assertThat((String) kept[2]).startsWith("RecordTooLargeException");

        // the operators' command: an admin lists it; a vendor may not; another service's name is not here
        String admin = studio.devstack.Devstack.shared().oidc().adminToken("operators");
        String vendor = studio.devstack.Devstack.shared().oidc().vendorToken("not-an-operator");
        String list = "/api/vendor/media/admin/dead-letters/template-service";
        io.restassured.RestAssured.given().auth().oauth2(admin).when().get(list).then().statusCode(200)
                .body("count", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("newest.find { it.aggregateId == '" + poison + "' }.reason", org.hamcrest.Matchers.startsWith("RecordTooLargeException"))
                .body("newest.find { it.aggregateId == '" + poison + "' }.payloadBytes", org.hamcrest.Matchers.equalTo(payload.length()));
        io.restassured.RestAssured.given().auth().oauth2(vendor).when().get(list).then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(admin).when().get("/api/vendor/media/admin/dead-letters/batch-service").then().statusCode(404);

        // a dead letter whose cause is mended (a record the broker now takes) is sent again with its event id
        UUID mended = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> NativeSql.update(
                "INSERT INTO outbox_dead_letter (id, topic, aggregate_id, type, payload_bytes, payload, reason)"
                        + " VALUES (?1, ?2, ?3, ?4, 20, ?5, 'RecordTooLargeException: before the broker allowed it')",
                eventId, Topics.TEMPLATES, mended.toString(), TemplateEvent.Created.TYPE,
                new JsonObject().put("templateId", mended.toString()).put("name", "mended").put("version", 1).encode())));
        io.restassured.RestAssured.given().auth().oauth2(admin).when().post(list + "/" + eventId + "/replay").then().statusCode(202);
        try (TopicReader reader = new TopicReader(Topics.TEMPLATES)) {
            var sent = reader.readUntil(r -> mended.toString().equals(r.key()), found -> !found.isEmpty(), WAIT);
            assertThat(CloudEventHeaders.read(sent.get(0).headers())).containsEntry(CloudEventHeaders.ID, eventId.toString());
        }
        io.restassured.RestAssured.given().auth().oauth2(admin).when().post(list + "/" + eventId + "/replay").then().statusCode(404);
    }

    private void commit(TemplateEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publish(event)));
    }
}
