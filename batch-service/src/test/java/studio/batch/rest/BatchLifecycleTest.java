package studio.batch.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.common.events.BatchEvent;
import studio.common.events.CloudEventHeaders;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.TopicWriter;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class BatchLifecycleTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String token = Devstack.shared().oidc().vendorToken("batcher");

    @BeforeEach
    void resetPeers() {
        PeersWireMock.reset();
    }

    private static void templateRenders(String rowsJson, int invalidRows) {
        PeersWireMock.templateRenders(3, rowsJson, invalidRows);
    }

    private String createBatch(String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(BATCHES)
                .then().statusCode(202).extract().path("id");
    }

    @Test
    void aBatchStoresItsItemsAndEnqueuesOneJobPerRow() {
        templateRenders("""
                [{"row": 0, "prompt": "Blue Dream on white", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "OG Kush on white", "missing": [], "unknown": []}]""", 0);
        String id = createBatch("{\"name\": \"two\", \"templateId\": \"" + UUID.randomUUID()
                + "\", \"parameters\": {\"quality\": \"low\"}, \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]}");

        given().auth().oauth2(token).when().get(BATCHES + "/" + id).then().statusCode(200)
                .body("status", equalTo("pending")).body("totalImages", equalTo(2)).body("completedImages", equalTo(0))
                .body("config.templateVersion", equalTo(3));
        try (TopicReader jobs = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            List<ConsumerRecord<String, String>> found = jobs.readUntil(r -> r.value().contains(id), f -> f.size() == 2, WAIT);
            // keyed by item, so the two jobs may sit on different partitions: no order between them
            assertThat(found).extracting(r -> new JsonObject(r.value()).getString("prompt"))
                    .containsExactlyInAnyOrder("Blue Dream on white", "OG Kush on white");
            JsonObject job = new JsonObject(found.get(0).value());
            assertThat(job.getString("model")).isEqualTo("gpt-image-2");
            assertThat(job.getJsonObject("parameters").getString("quality")).isEqualTo("low");
        }
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().get(BATCHES + "/" + id)
                .then().statusCode(404);
    }

    @Test
    void aMixAndTuningAreComposedOnceForTheWholeBatchAndEveryJobCarriesTheResult() {
        templateRenders("""
                [{"row": 0, "prompt": "Blue Dream", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "OG Kush", "missing": [], "unknown": []}]""", 0);
        PeersWireMock.server.stubFor(post(urlPathMatching("/api/vendor/media/style-presets/compose"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model": "gpt-image-2", "prompts": ["Blue Dream, blended", "OG Kush, blended"],
                         "requests": [], "parameters": {"quality": "high", "seed": 9}, "metadata": {"seed": 9},
                         "applied": [{"setting": "quality", "value": "hd", "how": "request parameter", "detail": "quality=high"}],
                         "conflicts": [{"aspect": "mood", "styles": {}, "message": "pulls both ways"}]}""")));
        String cartoon = "00000000-0000-4000-8000-000000000001";
        String luxury = "00000000-0000-4000-8000-000000000004";
        String id = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"mix\": [{\"styleId\": \"" + cartoon
                + "\", \"weight\": 50}, {\"styleId\": \"" + luxury + "\", \"weight\": 50}],"
                + " \"tuning\": {\"quality\": \"hd\", \"seed\": 9}, \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]}");

        PeersWireMock.server.verify(1, postRequestedFor(urlPathMatching("/api/vendor/media/style-presets/compose"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson("""
                        {"prompts": ["Blue Dream", "OG Kush"], "styleId": null,
                         "mix": [{"styleId": "%s", "weight": 50}, {"styleId": "%s", "weight": 50}],
                         "tuning": {"quality": "hd", "seed": 9}, "parameters": null}""".formatted(cartoon, luxury))));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id).then().statusCode(200)
                .body("config.mix.size()", equalTo(2)).body("config.applied[0].setting", equalTo("quality"))
                .body("config.conflicts[0].aspect", equalTo("mood"));
        try (TopicReader jobs = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            List<JsonObject> found = jobs.readUntil(r -> r.value().contains(id), f -> f.size() == 2, WAIT).stream()
                    .map(r -> new JsonObject(r.value())).toList();
            assertThat(found).extracting(j -> j.getString("prompt")).containsExactlyInAnyOrder("Blue Dream, blended", "OG Kush, blended");
            assertThat(found).allSatisfy(j -> assertThat(j.getJsonObject("parameters").getMap())
                    .containsEntry("quality", "high").containsEntry("seed", 9));
        }
    }

    @Test
    void aCompositionTheStyleServiceRefusesRefusesTheBatchNamingTheRow() {
        templateRenders("""
                [{"row": 0, "prompt": "fine", "missing": [], "unknown": []}]""", 0);
        PeersWireMock.server.stubFor(post(urlPathMatching("/api/vendor/media/style-presets/compose"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json").withBody("""
                        {"type": "urn:studio:problem:validation", "title": "Invalid request", "status": 400,
                         "detail": "2 problem(s) in the composition.",
                         "errors": [{"field": "mix", "message": "the weights add up to 90; they must add up to 100"},
                                    {"field": "prompts[0]", "message": "the composed prompt is too long"}]}""")));
        long before = given().auth().oauth2(token).when().get(BATCHES).then().extract().jsonPath().getLong("total");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"tuning\": {\"creativity\": 20},"
                        + " \"rows\": [{\"product_name\": \"a\"}]}")
                .when().post(BATCHES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("mix", "rows[0]"))
                .body("errors.message", hasItem(containsString("add up to 90")));
        given().auth().oauth2(token).when().get(BATCHES).then().body("total", equalTo((int) before));
    }

    @Test
    void anIdempotencyKeyGivesARetryTheSameBatchEvenWhenBothArriveAtOnce() throws Exception {
        templateRenders("""
                [{"row": 0, "prompt": "Blue Dream", "missing": [], "unknown": []}]""", 0);
        String templateId = UUID.randomUUID().toString();
        String body = "{\"name\": \"once\", \"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}]}";
        String key = "order-" + UUID.randomUUID();
        long before = given().auth().oauth2(token).when().get(BATCHES).then().extract().jsonPath().getLong("total");

        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post(BATCHES).then().statusCode(202).extract().<String>path("id"));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().auth().oauth2(token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post(BATCHES).then().statusCode(202).extract().<String>path("id"));
        assertThat(first.get()).isEqualTo(second.get());
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .when().post(BATCHES).then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first.get()));
        given().auth().oauth2(token).when().get(BATCHES).then().body("total", equalTo((int) before + 1));

        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body.replace("\"once\"", "\"another\"")).when().post(BATCHES)
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString(first.get()));
        given().auth().oauth2(token).header("Idempotency-Key", "has spaces").contentType(ContentType.JSON).body(body)
                .when().post(BATCHES).then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        // the same key belongs to each vendor on its own
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("other-" + UUID.randomUUID())).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post(BATCHES).then().statusCode(202)
                .body("id", org.hamcrest.Matchers.not(equalTo(first.get())));
        given().auth().oauth2(token).when().get(BATCHES).then().body("total", equalTo((int) before + 1));
    }

    @Test
    void rowsThatDoNotFitTheTemplateRefuseTheWholeBatch() {
        templateRenders("""
                [{"row": 0, "prompt": "ok", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "{product_name}", "missing": ["product_name"], "unknown": ["prodct_name"]}]""", 1);
        long before = given().auth().oauth2(token).when().get(BATCHES).then().extract().jsonPath().getLong("total");

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}, {\"prodct_name\": \"b\"}]}")
                .when().post(BATCHES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("rows[1].product_name", "rows[1].prodct_name"));

        given().auth().oauth2(token).when().get(BATCHES).then().body("total", equalTo((int) before));
    }

    @Test
    void anUnknownTemplateIsABadRequest() {
        PeersWireMock.server.stubFor(post(urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .willReturn(aResponse().withStatus(404)));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}]}")
                .when().post(BATCHES)
                .then().statusCode(400).body("errors.field", hasItem("templateId"));
    }

    @Test
    void invalidParametersAreRefusedBeforeAnyRendering() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"parameters\": {\"quality\": \"ultra\", \"size\": \"999x1\"},"
                        + " \"rows\": [{\"product_name\": \"a\"}]}")
                .when().post(BATCHES)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("parameters.quality", "parameters.size"));
        PeersWireMock.server.verify(0, postRequestedFor(urlPathMatching(".*")));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"templateId\": null, \"rows\": []}")
                .when().post(BATCHES)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("templateId", "rows"));
    }

    @Test
    void resultsAreAppliedOnceAndTheBatchsEndIsAnnounced() {
        templateRenders("""
                [{"row": 0, "prompt": "first", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "second", "missing": [], "unknown": []}]""", 0);
        String id = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}, {\"product_name\": \"b\"}]}");
        UUID batchId = UUID.fromString(id);
        List<JsonObject> jobs;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            jobs = reader.readUntil(r -> r.value().contains(id), f -> f.size() == 2, WAIT).stream()
                    .map(r -> new JsonObject(r.value())).toList();
        }
        UUID vendor = UUID.fromString(jobs.get(0).getString("vendorId"));
        UUID first = UUID.fromString(jobs.get(0).getString("itemId"));
        UUID second = UUID.fromString(jobs.get(1).getString("itemId"));
        var completed = new GenerationResult.Completed(first, batchId, vendor, 1, "placeholder", "gpt-image-2",
                "images/a.png", "thumbnails/a.png", null, 10, null, null);
        var failed = new GenerationResult.Failed(second, batchId, vendor, 1, "placeholder", "gpt-image-2",
                "content_policy_violation", "refused", null, null, null);
        try (TopicWriter writer = new TopicWriter()) {
            String json = JsonObject.mapFrom(completed).encode();
            writer.send(Topics.GENERATION_RESULTS, first.toString(), completed.type(), json);
            writer.send(Topics.GENERATION_RESULTS, first.toString(), completed.type(), json);
            writer.send(Topics.GENERATION_RESULTS, second.toString(), failed.type(), JsonObject.mapFrom(failed).encode());
        }

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("completed")).body("completedImages", equalTo(1)).body("failedImages", equalTo(1)));
        try (TopicReader reader = new TopicReader(Topics.BATCHES)) {
            List<String> types = reader.readUntil(r -> id.equals(r.key()),
                    f -> f.stream().anyMatch(r -> BatchEvent.Completed.TYPE.equals(typeOf(r))), WAIT)
                    .stream().map(BatchLifecycleTest::typeOf).toList();
            // the two results may come in one poll, which reports the batch's progress once
            assertThat(types.subList(0, 2)).containsExactly(BatchEvent.Created.TYPE, BatchEvent.Started.TYPE);
            assertThat(types.subList(2, types.size() - 1)).containsOnlyOnce(BatchEvent.ItemCompleted.TYPE, BatchEvent.ItemFailed.TYPE)
                    .containsOnly(BatchEvent.ItemCompleted.TYPE, BatchEvent.ItemFailed.TYPE, BatchEvent.Progress.TYPE)
                    .endsWith(BatchEvent.Progress.TYPE);
            assertThat(types).filteredOn(BatchEvent.Progress.TYPE::equals).hasSizeBetween(1, 2);
            assertThat(types.get(types.size() - 1)).isEqualTo(BatchEvent.Completed.TYPE);
        }
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items/" + second).then().statusCode(200)
                .body("id", equalTo(second.toString())).body("status", equalTo("failed")).body("errorMessage", equalTo("refused"));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().get(BATCHES + "/" + id + "/items/" + second)
                .then().statusCode(404);

        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items").then().statusCode(200)
                .body("total", equalTo(2)).body("items.prompt", contains("first", "second"));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items?status=completed").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(first.toString()))
                .body("items[0].resultUrl", containsString("/studio-images/images/a.png?"))
                .body("items[0].resultUrl", containsString("X-Amz-Signature="))
                .body("items[0].thumbnailUrl", containsString("/studio-images/thumbnails/a.png?"));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items?status=failed").then().statusCode(200)
                .body("items[0].id", equalTo(second.toString())).body("items[0].errorMessage", equalTo("refused"))
                .body("items[0].resultUrl", nullValue());
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items?status=done").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().get(BATCHES + "/" + id + "/items")
                .then().statusCode(404);
    }

    @Test
    void cancellingARunningBatchEndsItWithTrueCountersAndLaterResultsChangeNothing() {
        templateRenders("""
                [{"row": 0, "prompt": "one", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "two", "missing": [], "unknown": []},
                 {"row": 2, "prompt": "three", "missing": [], "unknown": []}]""", 0);
        String id = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"},"
                + " {\"product_name\": \"b\"}, {\"product_name\": \"c\"}]}");
        UUID batchId = UUID.fromString(id);
        List<JsonObject> jobs;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            jobs = reader.readUntil(r -> r.value().contains(id), f -> f.size() == 3, WAIT).stream()
                    .map(r -> new JsonObject(r.value())).toList();
        }
        UUID vendor = UUID.fromString(jobs.get(0).getString("vendorId"));
        UUID done = UUID.fromString(jobs.get(0).getString("itemId"));
        UUID late = UUID.fromString(jobs.get(1).getString("itemId"));
        try (TopicWriter writer = new TopicWriter()) {
            var completed = new GenerationResult.Completed(done, batchId, vendor, 1, "placeholder", "gpt-image-2", "images/c.png",
                    "thumbnails/c.png", null, 10, null, null);
            writer.send(Topics.GENERATION_RESULTS, done.toString(), completed.type(), JsonObject.mapFrom(completed).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("processing")).body("completedImages", equalTo(1)));

        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().delete(BATCHES + "/" + id)
                .then().statusCode(404);
        given().auth().oauth2(token).when().delete(BATCHES + "/" + id).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("completedImages", equalTo(1)).body("failedImages", equalTo(0))
                .body("cancelledImages", equalTo(2)).body("completedAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items?status=cancelled").then().body("total", equalTo(2));

        // a marker batch whose result goes on the late result's partition (same key): once the marker
        // is applied, so is the late result
        templateRenders("""
                [{"row": 0, "prompt": "marker", "missing": [], "unknown": []}]""", 0);
        String markerBatch = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"m\"}]}");
        UUID markerItem;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            markerItem = UUID.fromString(new JsonObject(reader.readUntil(r -> r.value().contains(markerBatch), f -> f.size() == 1, WAIT)
                    .get(0).value()).getString("itemId"));
        }
        try (TopicWriter writer = new TopicWriter()) {
            var tooLate = new GenerationResult.Completed(late, batchId, vendor, 1, "placeholder", "gpt-image-2", "images/l.png",
                    "thumbnails/l.png", null, 10, null, null);
            writer.send(Topics.GENERATION_RESULTS, late.toString(), tooLate.type(), JsonObject.mapFrom(tooLate).encode());
            var marker = new GenerationResult.Completed(markerItem, UUID.fromString(markerBatch), vendor, 1, "placeholder",
                    "gpt-image-2", "images/m.png", "thumbnails/m.png", null, 10, null, null);
            writer.send(Topics.GENERATION_RESULTS, late.toString(), marker.type(), JsonObject.mapFrom(marker).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + markerBatch).then()
                .body("status", equalTo("completed")));
        try (TopicReader reader = new TopicReader(Topics.BATCHES)) {
            var cancelled = reader.readUntil(r -> id.equals(r.key()),
                    f -> f.stream().anyMatch(r -> BatchEvent.Cancelled.TYPE.equals(typeOf(r))), WAIT).stream()
                    .filter(r -> BatchEvent.Cancelled.TYPE.equals(typeOf(r))).toList();
            assertThat(cancelled).hasSize(1);
            assertThat(new JsonObject(cancelled.get(0).value()).getJsonObject("counters").getInteger("cancelled")).isEqualTo(2);
        }
        // the late result has been applied by now, and changed nothing
        given().auth().oauth2(token).when().delete(BATCHES + "/" + id).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("completedImages", equalTo(1)).body("cancelledImages", equalTo(2));
    }

    @Test
    void aBatchThatHasEndedCannotBeCancelled() {
        templateRenders("""
                [{"row": 0, "prompt": "only", "missing": [], "unknown": []}]""", 0);
        String id = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}]}");
        JsonObject job;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            job = new JsonObject(reader.readUntil(r -> r.value().contains(id), f -> f.size() == 1, WAIT).get(0).value());
        }
        UUID item = UUID.fromString(job.getString("itemId"));
        try (TopicWriter writer = new TopicWriter()) {
            var failed = new GenerationResult.Failed(item, UUID.fromString(id), UUID.fromString(job.getString("vendorId")), 1,
                    "placeholder", "gpt-image-2", "content_policy_violation", "refused", null, null, null);
            writer.send(Topics.GENERATION_RESULTS, item.toString(), failed.type(), JsonObject.mapFrom(failed).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("failed")));
        given().auth().oauth2(token).when().delete(BATCHES + "/" + id).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already ended as failed"));
    }

    @Test
    void retryingPutsTheFailedItemsBackAsNewAttemptsAndOldAttemptsChangeNothing() {
        templateRenders("""
                [{"row": 0, "prompt": "fine", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "flaky", "missing": [], "unknown": []}]""", 0);
        String id = createBatch("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}, {\"product_name\": \"b\"}]}");
        UUID batchId = UUID.fromString(id);
        List<JsonObject> jobs;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            jobs = reader.readUntil(r -> r.value().contains(id), f -> f.size() == 2, WAIT).stream().map(r -> new JsonObject(r.value()))
                    .toList();
        }
        UUID vendor = UUID.fromString(jobs.get(0).getString("vendorId"));
        JsonObject flakyJob = jobs.stream().filter(j -> "flaky".equals(j.getString("prompt"))).findFirst().orElseThrow();
        JsonObject fineJob = jobs.stream().filter(j -> "fine".equals(j.getString("prompt"))).findFirst().orElseThrow();
        UUID fine = UUID.fromString(fineJob.getString("itemId"));
        UUID flaky = UUID.fromString(flakyJob.getString("itemId"));
        try (TopicWriter writer = new TopicWriter()) {
            var ok = new GenerationResult.Completed(fine, batchId, vendor, 1, "placeholder", "gpt-image-2", "images/f.png",
                    "thumbnails/f.png", null, 10, null, null);
            var failed = new GenerationResult.Failed(flaky, batchId, vendor, 1, "openai", "gpt-image-2", "server_error", "boom", null, null, null);
            writer.send(Topics.GENERATION_RESULTS, fine.toString(), ok.type(), JsonObject.mapFrom(ok).encode());
            writer.send(Topics.GENERATION_RESULTS, flaky.toString(), failed.type(), JsonObject.mapFrom(failed).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("completed")).body("failedImages", equalTo(1)));

        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().post(BATCHES + "/" + id + "/retry")
                .then().statusCode(404);
        given().auth().oauth2(token).when().post(BATCHES + "/" + id + "/retry").then().statusCode(202)
                .body("retriedItems", equalTo(1)).body("batch.status", equalTo("processing"))
                .body("batch.failedImages", equalTo(0)).body("batch.completedImages", equalTo(1));
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            JsonObject again = new JsonObject(reader.readUntil(r -> r.value().contains(flaky.toString()), f -> f.size() == 2, WAIT)
                    .get(1).value());
            assertThat(again.getInteger("attempt")).isEqualTo(2);
            assertThat(again.getString("prompt")).isEqualTo("flaky");
        }
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items?status=pending").then()
                .body("items[0].id", equalTo(flaky.toString())).body("items[0].attempt", equalTo(2));

        try (TopicWriter writer = new TopicWriter()) {
            // the first attempt's failure delivered again, then the second attempt's success, on one partition
            var stale = new GenerationResult.Failed(flaky, batchId, vendor, 1, "openai", "gpt-image-2", "server_error", "boom", null, null, null);
            var second = new GenerationResult.Completed(flaky, batchId, vendor, 2, "openai", "gpt-image-2", "images/k.png",
                    "thumbnails/k.png", null, 10, null, null);
            writer.send(Topics.GENERATION_RESULTS, flaky.toString(), stale.type(), JsonObject.mapFrom(stale).encode());
            writer.send(Topics.GENERATION_RESULTS, flaky.toString(), second.type(), JsonObject.mapFrom(second).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("completed")).body("completedImages", equalTo(2)).body("failedImages", equalTo(0)));
        given().auth().oauth2(token).when().post(BATCHES + "/" + id + "/retry").then().statusCode(409)
                .body("detail", containsString("no failed items"));
    }

    @Test
    void aSingleImageGoesOnTheInteractiveLaneWithoutATemplateAndIsFollowedById() {
        String prompt = "Gelato jar on marble " + UUID.randomUUID();
        String key = "single-" + UUID.randomUUID();
        String body = new JsonObject().put("prompt", prompt).put("model", "gpt-image-1")
                .put("parameters", new JsonObject().put("size", "1536x1024")).encode();
        String id = given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .when().post("/api/vendor/media/generate").then().statusCode(202)
                .header("Location", containsString("/api/vendor/media/generate/"))
                .body("status", equalTo("pending")).body("prompt", equalTo(prompt)).extract().path("id");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .when().post("/api/vendor/media/generate").then().statusCode(202).body("id", equalTo(id))
                .header("Idempotent-Replayed", "true");
        PeersWireMock.server.verify(0, postRequestedFor(urlPathMatching(".*")));

        JsonObject job;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.INTERACTIVE))) {
            job = new JsonObject(reader.readUntil(r -> r.value().contains(id), f -> f.size() == 1, WAIT).get(0).value());
        }
        assertThat(job.getString("prompt")).isEqualTo(prompt);
        assertThat(job.getString("model")).isEqualTo("gpt-image-1");
        assertThat(job.getJsonObject("parameters").getString("size")).isEqualTo("1536x1024");
        given().auth().oauth2(token).when().get("/api/vendor/media/generate/" + id).then().statusCode(200).body("status", equalTo("pending"));
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().get("/api/vendor/media/generate/" + id)
                .then().statusCode(404);

        UUID item = UUID.fromString(id);
        try (TopicWriter writer = new TopicWriter()) {
            var done = new GenerationResult.Completed(item, UUID.fromString(job.getString("batchId")),
                    UUID.fromString(job.getString("vendorId")), 1, "openai", "gpt-image-1", "images/s.png", "thumbnails/s.png", null, 10, null, null);
            writer.send(Topics.GENERATION_RESULTS, id, done.type(), JsonObject.mapFrom(done).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/vendor/media/generate/" + id).then()
                .body("status", equalTo("completed")).body("resultUrl", containsString("/studio-images/images/s.png?")));
        given().auth().oauth2(token).when().get(BATCHES + "/" + job.getString("batchId")).then()
                .body("config.kind", equalTo("single")).body("templateId", nullValue());

        // "generate similar" starts from one of the vendor's own images only
        given().auth().oauth2(token).contentType(ContentType.JSON).body(new JsonObject().put("prompt", prompt + ", closer").put("basedOn", id).encode())
                .when().post("/api/vendor/media/generate").then().statusCode(202);
        for (String other : List.of(token, Devstack.shared().oidc().vendorToken("someone-else"))) {
            String basedOn = other.equals(token) ? UUID.randomUUID().toString() : id;
            given().auth().oauth2(other).contentType(ContentType.JSON).body(new JsonObject().put("prompt", prompt).put("basedOn", basedOn).encode())
                    .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors[0].field", equalTo("basedOn"));
        }
    }

    @Test
    void aSingleImageWithABadPromptIsRefusedNamingThePrompt() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"  \"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors.field", hasItem(containsString("prompt")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompt", "x".repeat(1001)).put("model", "dall-e-2").encode())
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors.field", hasItem("prompt"))
                .body("errors.message", hasItem(containsString("at most 1000")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompt", "fine").put("model", "dall-e-9").encode())
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors.field", hasItem("parameters.model"));
    }

    @Test
    void queueStatisticsShowDepthPerLaneSpeedSuccessAndTimePerImageOfTheVendorOnly() {
        String mine = Devstack.shared().oidc().vendorToken("stats-" + UUID.randomUUID());
        templateRenders("""
                [{"row": 0, "prompt": "s1", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "s2", "missing": [], "unknown": []},
                 {"row": 2, "prompt": "s3", "missing": [], "unknown": []}]""", 0);
        String id = given().auth().oauth2(mine).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}, {\"product_name\": \"b\"},"
                        + " {\"product_name\": \"c\"}]}")
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
        given().auth().oauth2(mine).contentType(ContentType.JSON).body("{\"prompt\": \"one quick image\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(202);
        List<JsonObject> jobs;
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            jobs = reader.readUntil(r -> r.value().contains(id), f -> f.size() == 3, WAIT).stream().map(r -> new JsonObject(r.value()))
                    .toList();
        }
        UUID vendor = UUID.fromString(jobs.get(0).getString("vendorId"));
        UUID first = UUID.fromString(jobs.get(0).getString("itemId"));
        UUID second = UUID.fromString(jobs.get(1).getString("itemId"));
        try (TopicWriter writer = new TopicWriter()) {
            var ok = new GenerationResult.Completed(first, UUID.fromString(id), vendor, 1, "openai", "gpt-image-2", "images/q.png",
                    "thumbnails/q.png", null, 10, null, null);
            var no = new GenerationResult.Failed(second, UUID.fromString(id), vendor, 1, "openai", "gpt-image-2", "server_error", "x", null, null, null);
            writer.send(Topics.GENERATION_RESULTS, first.toString(), ok.type(), JsonObject.mapFrom(ok).encode());
            writer.send(Topics.GENERATION_RESULTS, second.toString(), no.type(), JsonObject.mapFrom(no).encode());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(mine).when().get("/api/vendor/media/queue/stats").then()
                .statusCode(200)
                .body("depth.standard", equalTo(1)).body("depth.interactive", equalTo(1)).body("depth.bulk", equalTo(0))
                .body("completedLast24h", equalTo(1)).body("failedLast24h", equalTo(1))
                .body("successRate", equalTo(0.5f)).body("imagesPerMinute", equalTo(0.4f))
                .body("averageSecondsPerImage", org.hamcrest.Matchers.notNullValue()));
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("idle-" + UUID.randomUUID())).when().get("/api/vendor/media/queue/stats")
                .then().statusCode(200).body("depth.standard", equalTo(0)).body("completedLast24h", equalTo(0))
                .body("successRate", nullValue());
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        return CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.TYPE);
    }
}
