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
import static org.hamcrest.Matchers.equalTo;
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
        PeersWireMock.server.resetAll();
    }

    private static void templateRenders(String rowsJson, int invalidRows) {
        PeersWireMock.server.stubFor(post(urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"templateId\": \"" + UUID.randomUUID() + "\", \"version\": 3, \"variables\": [\"product_name\"], \"rows\": " + rowsJson
                                + ", \"invalidRows\": " + invalidRows + "}")));
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
                "images/a.png", "thumbnails/a.png", null, 10);
        var failed = new GenerationResult.Failed(second, batchId, vendor, 1, "placeholder", "gpt-image-2",
                "content_policy_violation", "refused", null);
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
            assertThat(types).containsExactly(BatchEvent.Created.TYPE, BatchEvent.Started.TYPE, BatchEvent.Progress.TYPE,
                    BatchEvent.Progress.TYPE, BatchEvent.Completed.TYPE);
        }
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        return CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.TYPE);
    }
}
