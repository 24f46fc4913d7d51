package studio.batch.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import studio.common.catalog.Usage;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.TopicWriter;

/** Estimates, the cost ledger, monthly budgets, and product lists as a batch's rows. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class CostAndBudgetTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** gpt-image-1-mini's published prices: medium 1024x1536 $0.015, low 1024x1024 $0.005; text input $2 per million tokens. */
    private static final String MINI_MEDIUM = "{\"model\": \"gpt-image-1-mini\", \"quality\": \"medium\", \"size\": \"1024x1536\"}";
    private static final String MINI_LOW = "{\"model\": \"gpt-image-1-mini\", \"quality\": \"low\", \"size\": \"1024x1024\"}";

    private String token;
    private String vendorName;

    @BeforeEach
    void freshVendor() {
        PeersWireMock.reset();
        vendorName = "coster-" + UUID.randomUUID();
        token = Devstack.shared().oidc().vendorToken(vendorName);
    }

    /** {@code n} rendered rows whose prompts are "prompt-0", "prompt-1", ... (8 characters: 2 text tokens each). */
    private static void templateRendersRows(int n) {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"row\": ").append(i).append(", \"prompt\": \"prompt-").append(i)
                    .append("\", \"missing\": [], \"unknown\": []}");
        }
        PeersWireMock.templateRenders(1, rows.append("]").toString(), 0);
    }

    private static String batchBody(int rows, String parameters) {
        StringBuilder body = new StringBuilder("{\"templateId\": \"" + UUID.randomUUID() + "\", \"parameters\": " + parameters + ", \"rows\": [");
        for (int i = 0; i < rows; i++) {
            body.append(i == 0 ? "" : ",").append("{\"product_name\": \"p").append(i).append("\"}");
        }
        return body.append("]}").toString();
    }

    private ValidatableResponse post(String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private JsonNode get(String path) {
        return read(given().auth().oauth2(token).when().get(path).then().statusCode(200));
    }

    private static JsonNode read(ValidatableResponse response) {
        try {
            return JSON.readTree(response.extract().asString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUsd(JsonNode node, String field, String expected) {
        assertThat(node.path(field).decimalValue()).as(field).isEqualByComparingTo(expected);
    }

    private long batchCount() {
        return get(BATCHES).path("total").asLong();
    }

    private static List<JsonObject> jobsOf(String batchId, int n) {
        try (TopicReader reader = new TopicReader(Topics.jobs(Lane.STANDARD))) {
            return reader.readUntil(r -> r.value().contains(batchId), f -> f.size() == n, WAIT).stream()
                    .map(r -> new JsonObject(r.value())).toList();
        }
    }

    private static void send(GenerationResult... results) {
        try (TopicWriter writer = new TopicWriter()) {
            for (GenerationResult result : results) {
                writer.send(Topics.GENERATION_RESULTS, result.itemId().toString(), result.type(), JsonObject.mapFrom(result).encode());
            }
        }
    }

    @Test
    void theEstimateIsFixedUpFrontAndTheLedgerCountsEveryAttemptOnce() {
        templateRendersRows(2);
        JsonNode created = read(post(BATCHES, batchBody(2, MINI_MEDIUM)).statusCode(202));
        // 2 x ($0.015 + 2 prompt tokens x $2 per million)
        assertUsd(created, "estimatedCostUsd", "0.030008");
        assertUsd(created, "costUsd", "0");
        assertThat(created.path("estimatedSecondsLeft").asLong()).isPositive();
        String id = created.path("id").asText();

        List<JsonObject> jobs = jobsOf(id, 2);
        UUID batchId = UUID.fromString(id);
        UUID vendor = UUID.fromString(jobs.get(0).getString("vendorId"));
        UUID first = UUID.fromString(jobs.get(0).getString("itemId"));
        UUID second = UUID.fromString(jobs.get(1).getString("itemId"));
        var usage = new Usage(2, 2, 0, 1500, 1500, 0);
        var done = new GenerationResult.Completed(first, batchId, vendor, 1, "openai", "gpt-image-1-mini", "images/c1.png",
                "thumbnails/c1.png", new BigDecimal("0.012004"), 900, usage, "usage");
        // the image was made (and paid for) but could not be stored: a failed attempt that cost money
        var failed = new GenerationResult.Failed(second, batchId, vendor, 1, "openai", "gpt-image-1-mini", "worker_error",
                "storage unavailable", new BigDecimal("0.004000"), usage, "usage");
        send(done, done, failed);

        await().atMost(WAIT).untilAsserted(() -> assertThat(get(BATCHES + "/" + id).path("status").asText()).isEqualTo("completed"));
        JsonNode batch = get(BATCHES + "/" + id);
        assertUsd(batch, "costUsd", "0.016004");
        assertUsd(batch, "estimatedCostUsd", "0.030008");
        assertThat(batch.path("estimatedSecondsLeft").asLong()).isZero();
        JsonNode items = get(BATCHES + "/" + id + "/items").path("items");
        assertUsd(items.get(0).path("id").asText().equals(first.toString()) ? items.get(0) : items.get(1), "costUsd", "0.012004");
        assertUsd(items.get(0).path("id").asText().equals(second.toString()) ? items.get(0) : items.get(1), "costUsd", "0.004");
        assertUsd(items.get(0), "estimatedCostUsd", "0.015004");

        JsonNode month = get("/api/vendor/media/costs");
        assertThat(month.path("month").asText()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        assertUsd(month, "totalUsd", "0.016004");
        assertUsd(month, "completedUsd", "0.012004");
        assertUsd(month, "failedUsd", "0.004");
        assertThat(month.path("attempts").asInt()).isEqualTo(2);
        assertUsd(month.path("byModel"), "gpt-image-1-mini", "0.016004");
        // by day: today's attempts (the test's other batches may add to today's sum, never to another day)
        JsonNode today = month.path("byDay").get(month.path("byDay").size() - 1);
        assertThat(today.path("date").asText()).isEqualTo(java.time.LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.path("completed").asInt()).isEqualTo(1);
        assertThat(today.path("failed").asInt()).isEqualTo(1);
        assertUsd(today, "usd", "0.016004");
        assertUsd(get("/api/vendor/media/costs?month=2020-01"), "totalUsd", "0");
        given().auth().oauth2(token).when().get("/api/vendor/media/costs?month=last").then().statusCode(400)
                .body("errors.field", hasItem("month"));

        JsonNode stats = get("/api/vendor/media/queue/stats");
        assertUsd(stats, "costLast24hUsd", "0.016004");
        assertUsd(stats, "costThisMonthUsd", "0.016004");
        // cost per successful image: everything paid for over the one image that completed
        assertUsd(stats, "averageCostPerImageUsd", "0.016004");
    }

    @Test
    void aResultThatArrivesAfterTheCancellationStillCounts() {
        templateRendersRows(1);
        String id = read(post(BATCHES, batchBody(1, MINI_LOW)).statusCode(202)).path("id").asText();
        JsonObject job = jobsOf(id, 1).get(0);
        given().auth().oauth2(token).when().delete(BATCHES + "/" + id).then().statusCode(200).body("status", equalTo("cancelled"));

        send(new GenerationResult.Completed(UUID.fromString(job.getString("itemId")), UUID.fromString(id),
                UUID.fromString(job.getString("vendorId")), 1, "openai", "gpt-image-1-mini", "images/late.png", "thumbnails/late.png",
                new BigDecimal("0.005"), 700, null, "catalog"));

        await().atMost(WAIT).untilAsserted(() -> assertUsd(get(BATCHES + "/" + id), "costUsd", "0.005"));
        JsonNode batch = get(BATCHES + "/" + id);
        assertThat(batch.path("status").asText()).isEqualTo("cancelled");
        assertThat(batch.path("completedImages").asInt()).isZero();
        assertThat(batch.path("cancelledImages").asInt()).isEqualTo(1);
    }

    @Test
    void workOverTheMonthlyBudgetIsRefusedWithItsFiguresAndNothingIsCreated() {
        JsonNode budget = read(given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": 0.05}")
                .when().put("/api/vendor/media/budget").then().statusCode(200));
        assertUsd(budget, "monthlyLimitUsd", "0.05");
        assertUsd(budget, "remainingUsd", "0.05");

        // two items at $0.015004 fit; the budget then has $0.019992 left
        templateRendersRows(2);
        post(BATCHES, batchBody(2, MINI_MEDIUM)).statusCode(202);
        budget = get("/api/vendor/media/budget");
        assertUsd(budget, "reservedUsd", "0.030008");
        assertUsd(budget, "remainingUsd", "0.019992");

        // two more would cost $0.030008: refused, with the numbers, and no batch is made
        long before = batchCount();
        JsonNode refused = read(post(BATCHES, batchBody(2, MINI_MEDIUM)).statusCode(422).contentType("application/problem+json"));
        assertThat(refused.path("type").asText()).isEqualTo("urn:studio:problem:budget-exceeded");
        assertUsd(refused, "monthlyLimitUsd", "0.05");
        assertUsd(refused, "spentUsd", "0");
        assertUsd(refused, "reservedUsd", "0.030008");
        assertUsd(refused, "estimatedCostUsd", "0.030008");
        assertUsd(refused, "remainingUsd", "0.019992");
        assertThat(refused.path("detail").asText()).contains("$0.030008").contains("$0.019992").contains("Nothing was created");
        assertThat(batchCount()).isEqualTo(before);

        // a single image is held to the budget too: gpt-image-1 at high quality is $0.25
        post("/api/vendor/media/generate", "{\"prompt\": \"one more\", \"model\": \"gpt-image-1\", \"parameters\": {\"quality\": \"high\"}}")
                .statusCode(422).body("type", equalTo("urn:studio:problem:budget-exceeded"));
        assertThat(batchCount()).isEqualTo(before);

        // the operators' gauge: $0.030008 of $0.05 reserved, 60% of the limit
        String vendorId = studio.common.tenancy.Claims.vendorIdFor(vendorName).toString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("studio_budget_used_ratio\\{vendor=\"" + vendorId + "\"\\} 0\\.60016\\b"));

        // no limit, no refusal
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": null}")
                .when().put("/api/vendor/media/budget").then().statusCode(200).body("monthlyLimitUsd", equalTo(null));
        post(BATCHES, batchBody(2, MINI_MEDIUM)).statusCode(202);
        assertThat(batchCount()).isEqualTo(before + 1);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": -1}")
                .when().put("/api/vendor/media/budget").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": 1.001}")
                .when().put("/api/vendor/media/budget").then().statusCode(400);
    }

    @Test
    void aRetryIsHeldToTheBudget() {
        templateRendersRows(1);
        String id = read(post(BATCHES, batchBody(1, "{\"model\": \"gpt-image-1\", \"quality\": \"high\", \"size\": \"1024x1536\"}"))
                .statusCode(202)).path("id").asText();
        JsonObject job = jobsOf(id, 1).get(0);
        send(new GenerationResult.Failed(UUID.fromString(job.getString("itemId")), UUID.fromString(id),
                UUID.fromString(job.getString("vendorId")), 1, "openai", "gpt-image-1-mini", "server_error", "boom",
                BigDecimal.ZERO, null, "none"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(BATCHES + "/" + id).path("status").asText()).isEqualTo("failed"));

        // the retry is estimated as the first attempt was: $0.25 plus the prompt
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": 0.25}")
                .when().put("/api/vendor/media/budget").then().statusCode(200);
        given().auth().oauth2(token).when().post(BATCHES + "/" + id + "/retry").then().statusCode(422)
                .body("type", equalTo("urn:studio:problem:budget-exceeded"));
        assertThat(get(BATCHES + "/" + id).path("status").asText()).isEqualTo("failed");

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": 0.26}")
                .when().put("/api/vendor/media/budget").then().statusCode(200);
        given().auth().oauth2(token).when().post(BATCHES + "/" + id + "/retry").then().statusCode(202).body("retriedItems", equalTo(1));
    }

    @Test
    void productsFillTheSeedsVariablesAndMayCarryFieldsTheTemplateDoesNotUse() {
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "Blue Dream, hybrid, on white", "missing": [], "unknown": ["brand_name", "custom_1"]}]""", 1);
        String body = "{\"templateId\": \"" + UUID.randomUUID() + "\", \"variables\": {\"background\": \"white\"},"
                + " \"products\": [{\"name\": \"Blue Dream\", \"category\": \"flower\", \"strainType\": \"hybrid\", \"brand\": \"Acme\","
                + " \"custom\": {\"custom_1\": \"limited\"}}]}";
        post(BATCHES, body).statusCode(202).body("totalImages", equalTo(1));
        PeersWireMock.server.verify(postRequestedFor(urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .withRequestBody(equalToJson("""
                        {"rows": [{"background": "white", "custom_1": "limited", "product_name": "Blue Dream", "category": "flower",
                                   "strain_type": "hybrid", "brand_name": "Acme"}]}""")));

        // a product without what the template uses is refused by its place in the list
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "Gelato, {strain_type}", "missing": ["strain_type"], "unknown": []}]""", 1);
        post(BATCHES, "{\"templateId\": \"" + UUID.randomUUID() + "\", \"products\": [{\"name\": \"Gelato\"}]}")
                .statusCode(400).body("errors.field", containsInAnyOrder("products[0].strain_type"));

        post(BATCHES, "{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"a\"}],"
                + " \"products\": [{\"name\": \"a\"}]}").statusCode(400).body("errors.field", hasItem("products"));
        post(BATCHES, "{\"templateId\": \"" + UUID.randomUUID() + "\"}").statusCode(400).body("errors.field", hasItem("rows"));
        post(BATCHES, "{\"templateId\": \"" + UUID.randomUUID() + "\", \"products\": [{\"name\": \"\", \"custom\": {\"Bad Name\": \"x\"}}]}")
                .statusCode(400).body("errors.field.size()", equalTo(2));
    }

    @Test
    void aCsvPreviewShowsTheEstimatedCostAndTimeAndWhetherTheBudgetTakesIt() {
        templateRendersRows(3);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"monthlyLimitUsd\": 0.01}")
                .when().put("/api/vendor/media/budget").then().statusCode(200);
        byte[] csv = "product_name\na\nb\nc\n".getBytes(StandardCharsets.UTF_8);
        JsonNode preview = read(given().auth().oauth2(token).multiPart("file", "p.csv", csv, "text/csv")
                .multiPart("templateId", UUID.randomUUID().toString()).multiPart("parameters", MINI_LOW)
                .when().post(BATCHES + "/csv/preview").then().statusCode(200));
        // 3 x ($0.005 + 2 prompt tokens x $2 per million)
        assertUsd(preview, "estimatedCostUsd", "0.015012");
        assertThat(preview.path("estimatedSeconds").asLong()).isPositive();
        assertUsd(preview.path("budget"), "remainingUsd", "0.01");
        assertThat(preview.path("problems").findValuesAsText("field")).contains("budget");
        PeersWireMock.server.verify(postRequestedFor(urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .withRequestBody(containing("\"product_name\":\"c\"")));

        // the batch itself is refused, and nothing is created
        long before = batchCount();
        given().auth().oauth2(token).multiPart("file", "p.csv", csv, "text/csv").multiPart("templateId", UUID.randomUUID().toString())
                .multiPart("parameters", MINI_LOW).when().post(BATCHES + "/csv").then().statusCode(422)
                .contentType("application/problem+json").body("type", equalTo("urn:studio:problem:budget-exceeded"));
        assertThat(batchCount()).isEqualTo(before);
    }
}
