package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/**
 * Smart caching and ratings on real PostgreSQL and Kafka: a second identical batch reuses the first
 * one's images at no cost and sends no job, unless the vendor asks for fresh ones; ratings and the
 * cache feed the quality figures of the queue statistics.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class CacheAndRatingTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String token = Devstack.shared().oidc().vendorToken("cache-" + UUID.randomUUID());

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void peers() {
        PeersWireMock.reset();
    }

    private void templateRenders(String first, String second) {
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "%s", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "%s", "missing": [], "unknown": []}]""".formatted(first, second), 0);
    }

    private JsonPath create(String extra) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"parameters\": {\"quality\": \"low\", \"seed\": 7},"
                        + " \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]" + extra + "}")
                .when().post(BATCHES).then().statusCode(202).extract().jsonPath();
    }

    private List<String> itemIds(String batchId) {
        return given().auth().oauth2(token).when().get(BATCHES + "/" + batchId + "/items").then().statusCode(200)
                .extract().jsonPath().getList("items.id", String.class);
    }

    @Test
    void aSecondIdenticalBatchCostsNothingAndSendsNoJobUnlessAskedForFreshImages() throws Exception {
        templateRenders("Blue Dream on white, seed look", "OG Kush on white");
        JsonPath first = create("");
        String firstId = first.getString("id");
        BigDecimal firstEstimate = first.getObject("estimatedCostUsd", BigDecimal.class);
        assertThat(first.getString("status")).isEqualTo("pending");
        Jobs.complete(database, firstId, new BigDecimal("0.05"));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + firstId).then()
                .body("status", equalTo("completed")));
        BigDecimal spent = new BigDecimal(given().auth().oauth2(token).when().get("/api/vendor/media/costs").then().statusCode(200)
                .extract().jsonPath().getString("totalUsd"));

        // the same request, its prompts differing only in case and white space
        templateRenders("  blue dream ON white,   seed look ", "OG Kush on white");
        JsonPath second = create("");
        String secondId = second.getString("id");
        assertThat(second.getString("status")).isEqualTo("completed");
        assertThat(second.getInt("completedImages")).isEqualTo(2);
        assertThat(second.getObject("estimatedCostUsd", BigDecimal.class)).isZero();
        assertThat(second.getInt("config.cache.hits")).isEqualTo(2);
        // what the two calls would have cost (the prompts' extra spaces cost a few text tokens more)
        BigDecimal saved = second.getObject("config.cache.savedUsd", BigDecimal.class);
        assertThat(saved).isCloseTo(firstEstimate, org.assertj.core.data.Offset.offset(new BigDecimal("0.0001")));
        List<String> firstItems = itemIds(firstId);
        given().auth().oauth2(token).when().get(BATCHES + "/" + secondId + "/items").then().statusCode(200)
                .body("items[0].status", equalTo("completed")).body("items[0].cachedFrom", equalTo(firstItems.get(0)))
                .body("items[0].resultUrl", notNullValue()).body("items[1].cachedFrom", equalTo(firstItems.get(1)));
        assertThat(Jobs.of(database, secondId).size()).isZero();
        assertThat(new BigDecimal(given().auth().oauth2(token).when().get("/api/vendor/media/costs").then()
                .extract().jsonPath().getString("totalUsd"))).isEqualByComparingTo(spent);

        // another seed is another request
        templateRenders("Blue Dream on white, seed look", "OG Kush on white");
        String otherSeed = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + UUID.randomUUID() + "\", \"parameters\": {\"quality\": \"low\", \"seed\": 8},"
                        + " \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]}")
                .when().post(BATCHES).then().statusCode(202).body("status", equalTo("pending")).extract().path("id");
        assertThat(Jobs.of(database, otherSeed).size()).isEqualTo(2);

        // fresh images on request: jobs again, counted as re-generations
        JsonPath fresh = create(", \"fresh\": true");
        assertThat(fresh.getString("status")).isEqualTo("pending");
        assertThat(fresh.getInt("config.cache.hits")).isZero();
        assertThat(Jobs.of(database, fresh.getString("id")).size()).isEqualTo(2);

        JsonPath stats = given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().statusCode(200)
                .extract().jsonPath();
        assertThat(stats.getLong("last30Days.images")).isEqualTo(8);
        assertThat(stats.getLong("last30Days.cacheHits")).isEqualTo(2);
        assertThat(stats.getDouble("last30Days.cacheHitRate")).isEqualTo(0.25);
        assertThat(stats.getDouble("last30Days.regenerationRate")).isEqualTo(0.25);
        assertThat(stats.getObject("last30Days.cacheSavedUsd", BigDecimal.class)).isEqualByComparingTo(saved);
        // $0.10 over 4 completed images, 2 of them reused
        assertThat(stats.getObject("last30Days.costPerSuccessfulImageUsd", BigDecimal.class)).isEqualByComparingTo("0.025");
        // four batches of two this month: the usage metrics
        assertThat(stats.getLong("last30Days.batches")).isEqualTo(4);
        assertThat(stats.getDouble("last30Days.batchesPerWeek")).isEqualTo(0.9);
        assertThat(stats.getDouble("last30Days.imagesPerBatch")).isEqualTo(2.0);
    }

    @Test
    void anOfflinePlaceholderIsNeverReusedAsARealImage() throws Exception {
        templateRenders("Placeholder jar one", "Placeholder jar two");
        String first = create("").getString("id");
        Jobs.complete(database, first, null, "placeholder");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + first).then()
                .body("status", equalTo("completed")));
        JsonPath again = create("");
        assertThat(again.getString("status")).isEqualTo("pending");
        assertThat(Jobs.of(database, again.getString("id"))).hasSize(2);
    }

    @Test
    void completedImagesAreRatedFromOneToFiveAndTheAverageShowsInTheStatistics() throws Exception {
        templateRenders("Gelato under neon", "Gelato in daylight");
        String batchId = create("").getString("id");
        List<String> items = itemIds(batchId);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 5}")
                .when().put("/api/vendor/media/generate/" + items.get(0) + "/rating").then().statusCode(409)
                .body("type", equalTo("urn:studio:problem:image-not-completed"));

        Jobs.complete(database, batchId, new BigDecimal("0.01"));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + batchId).then()
                .body("status", equalTo("completed")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 6}")
                .when().put("/api/vendor/media/generate/" + items.get(0) + "/rating").then().statusCode(400)
                .body("errors[0].field", equalTo("rating"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 2}")
                .when().put("/api/vendor/media/generate/" + items.get(0) + "/rating").then().statusCode(200).body("rating", equalTo(2));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 5}")
                .when().put("/api/vendor/media/generate/" + items.get(0) + "/rating").then().statusCode(200).body("rating", equalTo(5));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 4}")
                .when().put("/api/vendor/media/generate/" + items.get(1) + "/rating").then().statusCode(200);
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("not-the-owner")).contentType(ContentType.JSON).body("{\"rating\": 1}")
                .when().put("/api/vendor/media/generate/" + items.get(1) + "/rating").then().statusCode(404);

        JsonPath stats = given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().extract().jsonPath();
        assertThat(stats.getLong("last30Days.ratedImages")).isEqualTo(2);
        assertThat(stats.getDouble("last30Days.averageRating")).isEqualTo(4.5);

        given().auth().oauth2(token).when().delete("/api/vendor/media/generate/" + items.get(1) + "/rating").then().statusCode(200)
                .body("rating", nullValue());
        // each change is announced (template-service counts them per template): 2, 5, 4, then taken back
        try (var c = database.getConnection(); var q = c.prepareStatement("SELECT cast(payload AS jsonb) ->> 'rating' FROM outbox_event"
                + " WHERE type = 'item.rated' AND cast(payload AS jsonb) ->> 'batchId' = ? ORDER BY occurred_at")) {
            q.setString(1, batchId);
            List<String> announced = new java.util.ArrayList<>();
            try (var rows = q.executeQuery()) {
                while (rows.next()) {
                    announced.add(rows.getString(1));
                }
            }
            assertThat(announced).containsExactly("2", "5", "4", null);
        }
        assertThat(given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().extract().jsonPath()
                .getDouble("last30Days.averageRating")).isEqualTo(5.0);
    }
}
