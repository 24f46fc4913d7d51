package studio.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.common.events.BatchEvent;
import studio.common.events.Topics;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.SseRecorder;
import studio.devstack.testing.TopicWriter;
import studio.devstack.testing.WebhookReceiver;
import studio.devstack.testing.WebhookVerifier;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "notification"))
class WebhookDeliveryTest {

    private static final String WEBHOOKS = "/api/vendor/media/webhooks";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/api/vendor/media/events")
    URI events;

    private static String token(String vendor) {
        return Devstack.shared().oidc().vendorToken(vendor);
    }

    @Test
    void theSecretIsShownOnceAndSubscriptionsBelongToTheirVendor() {
        String id = given().auth().oauth2(token("hooks")).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.test/hook\", \"eventTypes\": [\"batch.completed\"]}")
                .when().post(WEBHOOKS)
                .then().statusCode(201).body("secret", startsWith("whsec_")).extract().path("id");

        given().auth().oauth2(token("hooks")).when().get(WEBHOOKS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }", not(hasKey("secret")));
        given().auth().oauth2(token("intruder")).when().delete(WEBHOOKS + "/" + id).then().statusCode(404);
        given().auth().oauth2(token("hooks")).when().delete(WEBHOOKS + "/" + id).then().statusCode(204);
        given().auth().oauth2(token("hooks")).when().delete(WEBHOOKS + "/" + id).then().statusCode(404);
    }

    @Test
    void invalidSubscriptionsAreRefused() {
        given().auth().oauth2(token("hooks")).contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.test/x\", \"eventTypes\": [\"batch.exploded\"]}")
                .when().post(WEBHOOKS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("url", "eventTypes[0]"));
    }

    @Test
    void eventsAreDeliveredOnceSignedAsStandardWebhooks() throws Exception {
        String vendorName = "signed-" + UUID.randomUUID();
        UUID vendor = Claims.vendorIdFor(vendorName);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String secret = given().auth().oauth2(token(vendorName)).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"batch.completed\", \"batch.progress\"]}")
                    .when().post(WEBHOOKS).then().statusCode(201).extract().path("secret");
            UUID batch = UUID.randomUUID();
            var counters = new BatchEvent.Counters(2, 2, 0, 0);
            var completed = new BatchEvent.Completed(batch, vendor, counters);
            var started = new BatchEvent.Started(batch, vendor, 2);
            try (TopicWriter writer = new TopicWriter()) {
                String json = JsonObject.mapFrom(completed).encode();
                // the same record twice (a redelivery), and a type the subscription does not want
                writer.send(Topics.BATCHES, batch.toString(), started.type(), JsonObject.mapFrom(started).encode());
                String id = writer.send(Topics.BATCHES, batch.toString(), completed.type(), json);
                writer.sendWithId(Topics.BATCHES, batch.toString(), completed.type(), json, id);
            }

            await().atMost(WAIT).until(() -> !receiver.received.isEmpty());
            Thread.sleep(2000);
            assertThat(receiver.received).hasSize(1);
            WebhookVerifier.Received webhook = receiver.received.get(0);
            JsonObject body = new JsonObject(webhook.body());
            assertThat(body.getString("type")).isEqualTo("batch.completed");
            assertThat(body.getJsonObject("data").getString("batchId")).isEqualTo(batch.toString());
            assertThat(body.getJsonObject("data").getJsonObject("links").getString("batch")).endsWith(batch.toString());
            assertThat(WebhookVerifier.verify(secret, receiver.received)).containsExactly("ok");
            String anotherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
            assertThat(WebhookVerifier.verify(anotherSecret, receiver.received)).allMatch(result -> result.startsWith("invalid"));
        }
    }

    @Test
    void theProgressStreamCarriesTheCallersEventsOnly() throws Exception {
        String mine = "streamer-" + UUID.randomUUID();
        try (SseRecorder stream = new SseRecorder(events, token(mine))) {
            assertThat(stream.status()).isEqualTo(200);
            Thread.sleep(1000);
            assertStreamShowsOnlyMine(stream, mine);
        }
        given().when().get(events).then().statusCode(401);
    }

    private static void assertStreamShowsOnlyMine(SseRecorder stream, String mine) {
        UUID myBatch = UUID.randomUUID();
        UUID theirBatch = UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter()) {
            var theirs = new BatchEvent.Started(theirBatch, Claims.vendorIdFor("someone-else"), 1);
            writer.send(Topics.BATCHES, theirBatch.toString(), theirs.type(), JsonObject.mapFrom(theirs).encode());
            var progress = new BatchEvent.Progress(myBatch, Claims.vendorIdFor(mine), new BatchEvent.Counters(3, 1, 0, 0));
            writer.send(Topics.BATCHES, myBatch.toString(), progress.type(), JsonObject.mapFrom(progress).encode());
        }

        await().atMost(WAIT).until(() -> stream.lines().stream().anyMatch(l -> l.contains(myBatch.toString())));
        assertThat(stream.lines()).contains("event:batch.progress");
        assertThat(stream.lines()).anyMatch(l -> l.startsWith("id:"));
        assertThat(stream.lines()).noneMatch(l -> l.contains(theirBatch.toString()));
    }
}
