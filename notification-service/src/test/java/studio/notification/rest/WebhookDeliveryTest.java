package studio.notification.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import studio.common.events.BatchEvent;
import studio.common.events.CloudEventHeaders;
import studio.common.events.Topics;
import studio.common.events.WebhookEvent;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.SseRecorder;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.TopicWriter;
import studio.devstack.testing.WebhookReceiver;
import studio.devstack.testing.WebhookVerifier;
import studio.notification.config.WebhookConfig;
import studio.notification.delivery.DeliveryDispatcher;
import studio.notification.delivery.DeliveryStore;
import studio.notification.delivery.WebhookSender;
import studio.notification.service.SubscriptionService;

/**
 * Subscriptions, signed and durable deliveries, their log, and the live stream, against a real
 * PostgreSQL and Kafka. The test profile's retry schedule waits 1 s between attempts.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "notification"))
class WebhookDeliveryTest {

    private static final String WEBHOOKS = "/api/vendor/media/webhooks";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long nothing more may arrive, for the checks that something is sent once and not again. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TestHTTPResource("/api/vendor/media/events")
    URI events;

    @Inject
    DeliveryStore store;
    @Inject
    WebhookSender sender;
    @Inject
    SubscriptionService subscriptions;
    @Inject
    WebhookConfig config;
    @Inject
    io.vertx.mutiny.core.Vertx vertx;
    @Inject
    studio.common.messaging.UntilAvailable untilAvailable;

    private static String token(String vendor) {
        return Devstack.shared().oidc().vendorToken(vendor);
    }

    private record Subscribed(String vendorName, UUID vendorId, String id, String secret) {
    }

    private static Subscribed subscribe(WebhookReceiver receiver, String... types) {
        String vendorName = "hooks-" + UUID.randomUUID();
        return subscribe(vendorName, receiver, types);
    }

    private static Subscribed subscribe(String vendorName, WebhookReceiver receiver, String... types) {
        JsonObject body = new JsonObject().put("url", receiver.url());
        if (types.length > 0) {
            body.put("eventTypes", new io.vertx.core.json.JsonArray(List.of((Object[]) types)));
        }
        JsonPath created = given().auth().oauth2(token(vendorName)).contentType(ContentType.JSON).body(body.encode())
                .when().post(WEBHOOKS).then().statusCode(201).extract().jsonPath();
        return new Subscribed(vendorName, Claims.vendorIdFor(vendorName), created.getString("id"), created.getString("secret"));
    }

    /** Publishes batch events of the vendor as batch-service would; returns their event ids. */
    private static List<String> publish(BatchEvent... events) {
        List<String> ids = new ArrayList<>();
        try (TopicWriter writer = new TopicWriter()) {
            for (BatchEvent e : events) {
                ids.add(writer.send(Topics.BATCHES, e.batchId().toString(), e.type(), JsonObject.mapFrom(e).encode()));
            }
        }
        return ids;
    }

    private static BatchEvent.Completed completed(UUID vendor) {
        return new BatchEvent.Completed(UUID.randomUUID(), vendor, new BatchEvent.Counters(2, 2, 0, 0));
    }

    @Test
    void subscriptionsAreManagedAndBelongToTheirVendor() {
        String owner = token("hooks");
        String id = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.com/hook\", \"eventTypes\": [\"batch.completed\"]}")
                .when().post(WEBHOOKS)
                .then().statusCode(201).body("secret", startsWith("whsec_")).extract().path("id");

        given().auth().oauth2(owner).when().get(WEBHOOKS).then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }", not(hasKey("secret")));
        given().auth().oauth2(owner).when().get(WEBHOOKS + "/" + id).then().statusCode(200)
                .body("eventTypes", containsInAnyOrder("batch.completed")).body("enabled", equalTo(true)).body("$", not(hasKey("secret")));
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"eventTypes\": [\"item.completed\", \"item.failed\"], \"description\": \"items\"}")
                .when().patch(WEBHOOKS + "/" + id).then().statusCode(200)
                .body("eventTypes", containsInAnyOrder("item.completed", "item.failed")).body("description", equalTo("items"))
                .body("url", equalTo("https://example.com/hook"));
        given().auth().oauth2(owner).when().post(WEBHOOKS + "/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        given().auth().oauth2(owner).when().post(WEBHOOKS + "/" + id + "/test").then().statusCode(409)
                .body("type", containsString("subscription-disabled"));
        given().auth().oauth2(owner).when().post(WEBHOOKS + "/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        given().auth().oauth2(owner).when().get(WEBHOOKS + "/event-types").then().statusCode(200)
                .body("$", hasItem("item.completed")).body("$", hasItem("webhook.disabled"));

        given().auth().oauth2(token("intruder")).when().get(WEBHOOKS + "/" + id).then().statusCode(404);
        given().auth().oauth2(token("intruder")).contentType(ContentType.JSON).body("{\"enabled\": false}")
                .when().patch(WEBHOOKS + "/" + id).then().statusCode(404);
        given().auth().oauth2(token("intruder")).when().get(WEBHOOKS + "/" + id + "/deliveries").then().statusCode(404);
        given().auth().oauth2(token("intruder")).when().delete(WEBHOOKS + "/" + id).then().statusCode(404);
        given().auth().oauth2(owner).when().delete(WEBHOOKS + "/" + id).then().statusCode(204);
        given().auth().oauth2(owner).when().delete(WEBHOOKS + "/" + id).then().statusCode(404);
    }

    @Test
    void aVendorHasAtMostItsLimitOfSubscriptionsAndOneMoreChangesNothing() {
        String owner = token("hooks-many-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        for (int i = 0; i < 25; i++) {
            given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"url\": \"https://example.com/hook/" + i + "\"}")
                    .when().post(WEBHOOKS).then().statusCode(201);
        }
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"url\": \"https://example.com/hook/26\"}")
                .when().post(WEBHOOKS).then().statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("subscription-limit")).body("maxSubscriptions", equalTo(25))
                .body("subscriptions", equalTo(25));
        given().auth().oauth2(owner).when().get(WEBHOOKS + "?size=1").then().body("total", equalTo(25));
    }

    @Test
    void aVendorHasAtMostItsLimitOfLiveStreamsOpenAndAClosedOneFreesItsPlace() {
        String token = token("streams-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        java.util.List<SseRecorder> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                SseRecorder stream = new SseRecorder(events, token);
                open.add(stream);
                assertThat(stream.status()).isEqualTo(200);
            }
            try (SseRecorder refused = new SseRecorder(events, token)) {
                assertThat(refused.status()).isEqualTo(429);
            }
            // another vendor is not held back by this one
            try (SseRecorder other = new SseRecorder(events, token("streams-other-" + java.util.UUID.randomUUID()))) {
                assertThat(other.status()).isEqualTo(200);
            }
            open.remove(0).close();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                try (SseRecorder again = new SseRecorder(events, token)) {
                    assertThat(again.status()).isEqualTo(200);
                }
            });
        } finally {
            open.forEach(SseRecorder::close);
        }
    }

    @Test
    void invalidSubscriptionsAreRefusedAndChangeNothing() {
        String owner = token("hooks-invalid");
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.test/x\", \"eventTypes\": [\"batch.exploded\"]}")
                .when().post(WEBHOOKS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("url", "eventTypes[0]"));
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"url\": \"https://user:secret@example.com/hook\"}")
                .when().post(WEBHOOKS).then().statusCode(400).body("errors[0].message", containsString("credentials"));
        given().auth().oauth2(owner).when().get(WEBHOOKS).then().body("total", equalTo(0));

        String id = given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"url\": \"https://example.com/hook\"}")
                .when().post(WEBHOOKS).then().statusCode(201).extract().path("id");
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"url\": \"gopher://example.com\", \"eventTypes\": []}")
                .when().patch(WEBHOOKS + "/" + id).then().statusCode(400).body("errors.field", containsInAnyOrder("url", "eventTypes"));
        given().auth().oauth2(owner).contentType(ContentType.JSON).body("{\"overlapSeconds\": -1}")
                .when().post(WEBHOOKS + "/" + id + "/rotate-secret").then().statusCode(400).body("errors.field", hasItem("overlapSeconds"));
        given().auth().oauth2(owner).when().get(WEBHOOKS + "/" + id).then().body("url", equalTo("https://example.com/hook"))
                .body("previousSecretExpiresAt", nullValue());
        given().auth().oauth2(owner).when().get(WEBHOOKS + "/" + id + "/deliveries?status=lost").then().statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void eventsAreDeliveredOnceSignedAsStandardWebhooks() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Subscribed s = subscribe(receiver, "batch.completed", "item.completed");
            UUID batch = UUID.randomUUID();
            var counters = new BatchEvent.Counters(2, 2, 0, 0);
            var completed = new BatchEvent.Completed(batch, s.vendorId(), counters);
            var started = new BatchEvent.Started(batch, s.vendorId(), 2);
            UUID item = UUID.randomUUID();
            var itemDone = new BatchEvent.ItemCompleted(batch, s.vendorId(), item, 0, 1, "blue-dream", Instant.now());
            try (TopicWriter writer = new TopicWriter()) {
                String json = JsonObject.mapFrom(completed).encode();
                // the same record twice (a redelivery), and a type the subscription does not want
                writer.send(Topics.BATCHES, batch.toString(), started.type(), JsonObject.mapFrom(started).encode());
                writer.send(Topics.BATCHES, batch.toString(), itemDone.type(), JsonObject.mapFrom(itemDone).encode());
                String id = writer.send(Topics.BATCHES, batch.toString(), completed.type(), json);
                writer.sendWithId(Topics.BATCHES, batch.toString(), completed.type(), json, id);
            }

            await().atMost(WAIT).until(() -> receiver.received.size() >= 2);
            // and nothing more comes: the redelivery and the unwanted type send nothing
            await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> receiver.received.size() == 2);
            Map<String, JsonObject> byType = receiver.received.stream().map(w -> new JsonObject(w.body()))
                    .collect(Collectors.toMap(b -> b.getString("type"), b -> b));
            assertThat(byType.get("batch.completed").getJsonObject("data").getString("batchId")).isEqualTo(batch.toString());
            assertThat(byType.get("batch.completed").getJsonObject("data").getJsonObject("links").getString("batch")).endsWith(batch.toString());
            JsonObject itemData = byType.get("item.completed").getJsonObject("data");
            assertThat(itemData.getString("itemId")).isEqualTo(item.toString());
            assertThat(itemData.getJsonObject("links").getString("item"))
                    .isEqualTo("/api/vendor/media/generate/batch/" + batch + "/items/" + item);
            assertThat(receiver.received).allSatisfy(w -> assertThat(w.headers()).containsKeys("webhook-id", "webhook-timestamp"));
            assertThat(WebhookVerifier.verify(s.secret(), receiver.received)).containsExactly("ok", "ok");
            String anotherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
            assertThat(WebhookVerifier.verify(anotherSecret, receiver.received)).allMatch(result -> result.startsWith("invalid"));
        }
        // the operators' metrics: every attempt by outcome, and how long a delivery took from its event
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("studio_webhooks_attempts_total{outcome=\"succeeded\"}").contains("studio_webhooks_delivery_lag_seconds_count"));
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Subscribed s = subscribe(receiver, "batch.completed");
            String newSecret = given().auth().oauth2(token(s.vendorName())).contentType(ContentType.JSON).body("{\"overlapSeconds\": 3600}")
                    .when().post(WEBHOOKS + "/" + s.id() + "/rotate-secret").then().statusCode(200)
                    .body("secret", startsWith("whsec_")).body("previousSecretExpiresAt", not(nullValue())).extract().path("secret");
            assertThat(newSecret).isNotEqualTo(s.secret());
            publish(completed(s.vendorId()));
            await().atMost(WAIT).until(() -> receiver.received.size() == 1);
            WebhookVerifier.Received during = receiver.received.get(0);
            assertThat(during.headers().get("webhook-signature").split(" ")).hasSize(2).allMatch(sig -> sig.startsWith("v1,"));
            // a receiver still on the old secret and one already on the new both accept it
            assertThat(WebhookVerifier.verify(s.secret(), List.of(during))).containsExactly("ok");
            assertThat(WebhookVerifier.verify(newSecret, List.of(during))).containsExactly("ok");

            String newest = given().auth().oauth2(token(s.vendorName())).contentType(ContentType.JSON).body("{\"overlapSeconds\": 0}")
                    .when().post(WEBHOOKS + "/" + s.id() + "/rotate-secret").then().statusCode(200).extract().path("secret");
            publish(completed(s.vendorId()));
            await().atMost(WAIT).until(() -> receiver.received.size() == 2);
            WebhookVerifier.Received after = receiver.received.get(1);
            assertThat(after.headers().get("webhook-signature").split(" ")).hasSize(1);
            assertThat(WebhookVerifier.verify(newest, List.of(after))).containsExactly("ok");
            assertThat(WebhookVerifier.verify(newSecret, List.of(after))).allMatch(r -> r.startsWith("invalid"));
        }
    }

    @Test
    void failedAttemptsAreRetriedOnTheScheduleLoggedAndReplayable() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer = request -> WebhookReceiver.Answer.of(calls.incrementAndGet() <= 2 ? 500 : 204);
            Subscribed s = subscribe(receiver, "batch.completed");
            String eventId = publish(completed(s.vendorId())).get(0);

            await().atMost(WAIT).until(() -> receiver.delivered().size() == 1);
            assertThat(receiver.received).hasSize(3).allSatisfy(w -> assertThat(w.headers().get("webhook-id")).isEqualTo(eventId));
            String owner = token(s.vendorName());
            String path = WEBHOOKS + "/" + s.id() + "/deliveries";
            await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(owner).when().get(path).then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].status", equalTo("succeeded")).body("items[0].attempts", equalTo(3)));
            String delivery = given().auth().oauth2(owner).when().get(path + "?status=succeeded").then().extract().path("items[0].id");
            JsonPath detail = given().auth().oauth2(owner).when().get(path + "/" + delivery).then().statusCode(200)
                    .body("delivery.webhookId", equalTo(eventId)).body("payload", containsString("batch.completed"))
                    .extract().jsonPath();
            assertThat(detail.getList("attempts.statusCode", Integer.class)).containsExactly(500, 500, 204);
            assertThat(detail.getList("attempts.latencyMs", Integer.class)).allMatch(ms -> ms >= 0);
            assertThat(detail.getList("attempts.error", String.class)).containsExactly("HTTP 500", "HTTP 500", null);
            List<Instant> at = detail.getList("attempts.attemptedAt", String.class).stream().map(Instant::parse).toList();
            assertThat(Duration.between(at.get(0), at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(800));

            // a replay: the same message again, now
            given().auth().oauth2(owner).when().post(path + "/" + delivery + "/replay").then().statusCode(202);
            await().atMost(WAIT).until(() -> receiver.received.size() == 4);
            assertThat(receiver.received.get(3).headers().get("webhook-id")).isEqualTo(eventId);
            assertThat(receiver.received.get(3).body()).isEqualTo(receiver.received.get(0).body());

            // a test event
            given().auth().oauth2(owner).when().post(WEBHOOKS + "/" + s.id() + "/test").then().statusCode(202)
                    .body("deliveryId", not(nullValue()));
            await().atMost(WAIT).until(() -> receiver.received.size() == 5);
            assertThat(new JsonObject(receiver.received.get(4).body()).getString("type")).isEqualTo("webhook.test");
            assertThat(WebhookVerifier.verify(s.secret(), receiver.received.subList(3, 5))).containsExactly("ok", "ok");
            given().auth().oauth2(token("someone-else")).when().post(path + "/" + delivery + "/replay").then().statusCode(404);
        }
    }

    @Test
    void retryAfterIsHonouredOnA429() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            List<Instant> times = new java.util.concurrent.CopyOnWriteArrayList<>();
            receiver.answer = request -> {
                times.add(Instant.now());
                return times.size() == 1 ? new WebhookReceiver.Answer(429, Map.of("retry-after", "3")) : WebhookReceiver.Answer.of(204);
            };
            Subscribed s = subscribe(receiver, "batch.completed");
            publish(completed(s.vendorId()));
            await().atMost(WAIT).until(() -> times.size() == 2);
            // the schedule's next wait is 1 s; the endpoint asked for 3
            assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(2800));
        }
    }

    @Test
    void aGoneEndpointDisablesItsSubscriptionAndTheVendorIsTold() throws Exception {
        try (WebhookReceiver gone = new WebhookReceiver(); WebhookReceiver watcher = new WebhookReceiver()) {
            gone.answer = request -> WebhookReceiver.Answer.of(410);
            Subscribed s = subscribe(gone, "batch.completed");
            String watch = given().auth().oauth2(token(s.vendorName())).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + watcher.url() + "\", \"eventTypes\": [\"webhook.disabled\"]}")
                    .when().post(WEBHOOKS).then().statusCode(201).extract().path("secret");
            publish(completed(s.vendorId()));

            await().atMost(WAIT).until(() -> watcher.received.size() == 1);
            JsonObject told = new JsonObject(watcher.received.get(0).body());
            assertThat(told.getString("type")).isEqualTo(WebhookEvent.Disabled.TYPE);
            assertThat(told.getJsonObject("data").getString("subscriptionId")).isEqualTo(s.id());
            assertThat(told.getJsonObject("data").getString("reason")).contains("410");
            assertThat(WebhookVerifier.verify(watch, watcher.received)).containsExactly("ok");
            assertThat(gone.received).hasSize(1);
            given().auth().oauth2(token(s.vendorName())).when().get(WEBHOOKS + "/" + s.id()).then()
                    .body("enabled", equalTo(false)).body("disabledReason", containsString("410"));
            try (TopicReader alerts = new TopicReader(Topics.ALERTS)) {
                assertThat(alerts.readUntil(r -> s.id().equals(r.key()), found -> !found.isEmpty(), WAIT)).first()
                        .satisfies(r -> assertThat(new String(r.headers().lastHeader(CloudEventHeaders.TYPE).value()))
                                .isEqualTo(WebhookEvent.Disabled.TYPE));
            }
            // a disabled subscription gets nothing more
            publish(completed(s.vendorId()));
            await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> gone.received.size() == 1);
        }
    }

    @Test
    void twoReplicasNeverSendOneEventTwiceToOneSubscription() throws Exception {
        // a second dispatcher on the same database, as another replica would run
        DeliveryDispatcher other = new DeliveryDispatcher(store, sender, subscriptions, config, vertx, untilAvailable,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Subscribed s = subscribe(receiver, "batch.progress");
            UUID batch = UUID.randomUUID();
            BatchEvent[] progress = new BatchEvent[60];
            for (int i = 0; i < progress.length; i++) {
                progress[i] = new BatchEvent.Progress(batch, s.vendorId(), new BatchEvent.Counters(60, i + 1, 0, 0));
            }
            List<String> ids = publish(progress);
            // the other replica is woken as often as it can be, to race the first for every delivery
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
                other.wake();
                return receiver.received.size() >= 60;
            });
            await().during(QUIET).atMost(QUIET.multipliedBy(2)).until(() -> receiver.received.size() == 60);
            Map<String, Long> perId = receiver.received.stream()
                    .collect(Collectors.groupingBy(w -> w.headers().get("webhook-id"), Collectors.counting()));
            assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(perId.values()).allMatch(n -> n == 1);
        }
    }

    @Test
    void theProgressStreamCarriesTheCallersEventsOnlyAndReplaysWhatAReconnectMissed() throws Exception {
        String mine = "streamer-" + UUID.randomUUID();
        UUID vendor = Claims.vendorIdFor(mine);
        UUID myBatch = UUID.randomUUID();
        UUID theirBatch = UUID.randomUUID();
        String lastId;
        try (SseRecorder stream = new SseRecorder(events, token(mine))) {
            assertThat(stream.status()).isEqualTo(200);
            // the stream's first comment says it is open and subscribed
            await().atMost(WAIT).until(() -> stream.lines().stream().anyMatch(l -> l.startsWith(":")));
            var theirs = new BatchEvent.Started(theirBatch, Claims.vendorIdFor("someone-else"), 1);
            publish(theirs, new BatchEvent.Started(myBatch, vendor, 3),
                    new BatchEvent.Progress(myBatch, vendor, new BatchEvent.Counters(3, 1, 0, 0)));
            await().atMost(WAIT).until(() -> stream.lines().contains("event:batch.progress"));
            assertThat(stream.lines()).contains("event:batch.started");
            assertThat(stream.lines()).noneMatch(l -> l.contains(theirBatch.toString()));
            List<String> ids = stream.lines().stream().filter(l -> l.startsWith("id:")).toList();
            assertThat(ids).hasSize(2);
            lastId = ids.get(1).substring(3);
            // heartbeats every second in the test profile
            await().atMost(WAIT).until(() -> stream.lines().stream().anyMatch(l -> l.startsWith(":")));
        }

        // missed while away
        publish(new BatchEvent.Progress(myBatch, vendor, new BatchEvent.Counters(3, 2, 0, 0)),
                new BatchEvent.Completed(myBatch, vendor, new BatchEvent.Counters(3, 3, 0, 0)));
        // (reconnecting before they reach the service's buffer is fine too: they then come live, once each)
        try (SseRecorder again = new SseRecorder(events, token(mine), lastId)) {
            assertThat(again.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> again.lines().contains("event:batch.completed"));
            List<String> types = again.lines().stream().filter(l -> l.startsWith("event:")).toList();
            assertThat(types).containsExactly("event:batch.progress", "event:batch.completed");
            assertThat(again.lines()).anyMatch(l -> l.contains("\"completed\":2"));
        }
        given().when().get(events).then().statusCode(401);
    }
}
