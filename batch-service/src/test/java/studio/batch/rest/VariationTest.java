package studio.batch.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

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
import io.vertx.core.json.JsonObject;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/**
 * A/B tests on real PostgreSQL and Kafka: one prompt under several settings becomes one grouped test
 * on the interactive lane; ratings or a pick decide it; the statistics say which settings win, per
 * template and per category.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class VariationTest {

    private static final String VARIATIONS = "/api/vendor/media/generate/variations";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String token = Devstack.shared().oidc().vendorToken("ab-" + UUID.randomUUID());

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void styleServiceComposes() {
        PeersWireMock.reset();
        PeersWireMock.server.stubFor(post(urlPathMatching("/api/vendor/media/style-presets/compose"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model": "gpt-image-2", "prompts": ["Blue Dream on white, with a subtle touch of watercolor"],
                         "requests": [], "parameters": {"quality": "medium"}, "metadata": {},
                         "applied": [], "conflicts": []}""")));
    }

    private static String body(UUID templateId, String category) {
        return """
                {"prompt": "Blue Dream on white", "templateId": "%s", "category": "%s",
                 "variations": [
                   {"label": "low", "parameters": {"quality": "low"}},
                   {"label": "high", "parameters": {"quality": "high"}},
                   {"label": "watercolor", "tuning": {"styleStrength": 20}, "parameters": {"quality": "medium"}}]}"""
                .formatted(templateId, category);
    }

    private JsonPath start(UUID templateId, String category) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body(templateId, category))
                .when().post(VARIATIONS).then().statusCode(202).extract().jsonPath();
    }

    @Test
    void aTestGroupsItsImagesIsDecidedByRatingsOrAPickAndTheStatisticsSayWhichSettingsWin() throws Exception {
        UUID template = UUID.randomUUID();
        JsonPath first = start(template, "flower");
        String firstId = first.getString("id");
        assertThat(first.getList("variants.label")).containsExactly("low", "high", "watercolor");
        assertThat(first.getString("variants[2].image.prompt")).isEqualTo("Blue Dream on white, with a subtle touch of watercolor");
        assertThat(first.getList("variants.image.status")).containsOnly("pending");
        assertThat(first.getString("winnerItemId")).isNull();
        List<JsonObject> jobs = Jobs.of(database, firstId);
        assertThat(jobs).hasSize(3).allSatisfy(j -> assertThat(j.getString("lane")).isEqualTo("INTERACTIVE"));
        assertThat(jobs).extracting(j -> j.getJsonObject("parameters").getString("quality")).containsExactlyInAnyOrder("low", "high", "medium");

        Jobs.complete(database, firstId, null);
        List<String> items = first.getList("variants.image.id", String.class);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(VARIATIONS + "/" + firstId).then()
                .body("status", equalTo("completed")));
        rate(items.get(0), 3);
        rate(items.get(1), 5);
        given().auth().oauth2(token).when().get(VARIATIONS + "/" + firstId).then().statusCode(200)
                .body("winnerItemId", equalTo(items.get(1))).body("winnerPicked", equalTo(false))
                .body("variants[1].winner", equalTo(true)).body("variants[1].image.rating", equalTo(5));

        // a second test of the same settings, decided by the vendor's pick against the ratings
        JsonPath second = start(template, "flower");
        String secondId = second.getString("id");
        Jobs.complete(database, secondId, null);
        List<String> secondItems = second.getList("variants.image.id", String.class);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(VARIATIONS + "/" + secondId).then()
                .body("status", equalTo("completed")));
        rate(secondItems.get(0), 5);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"itemId\": \"" + items.get(0) + "\"}")
                .when().post(VARIATIONS + "/" + secondId + "/winner").then().statusCode(400).body("errors[0].field", equalTo("itemId"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"itemId\": \"" + secondItems.get(1) + "\"}")
                .when().post(VARIATIONS + "/" + secondId + "/winner").then().statusCode(200)
                .body("winnerItemId", equalTo(secondItems.get(1))).body("winnerPicked", equalTo(true));

        JsonPath stats = given().auth().oauth2(token).queryParam("templateId", template.toString()).when().get(VARIATIONS + "/stats")
                .then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("tests")).isEqualTo(2);
        assertThat(stats.getLong("decided")).isEqualTo(2);
        assertThat(stats.getString("settings[0].labels[0]")).isEqualTo("high");
        assertThat(stats.getLong("settings[0].wins")).isEqualTo(2);
        assertThat(stats.getDouble("settings[0].winRate")).isEqualTo(1.0);
        assertThat(stats.getString("settings[0].settings.parameters.quality")).isEqualTo("high");
        // "low": no win, rated 3 and 5
        JsonPath low = stats.setRootPath("settings.find { it.labels[0] == 'low' }");
        assertThat(low.getDouble("winRate")).isEqualTo(0.0);
        assertThat(low.getDouble("averageRating")).isEqualTo(4.0);

        given().auth().oauth2(token).queryParam("category", "FLOWER").when().get(VARIATIONS + "/stats").then().statusCode(200)
                .body("tests", equalTo(2));
        given().auth().oauth2(token).queryParam("category", "edibles").when().get(VARIATIONS + "/stats").then().statusCode(200)
                .body("tests", equalTo(0));
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().get(VARIATIONS + "/" + firstId).then()
                .statusCode(404);
    }

    @Test
    void badTestsAreRefusedWholeNamingTheVariation() throws Exception {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"x\", \"variations\": [{\"parameters\": {\"quality\": \"low\"}}]}")
                .when().post(VARIATIONS).then().statusCode(400).body("errors.field", containsInAnyOrder("variations"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"x\", \"variations\": [{}, {}, {}, {}, {}]}")
                .when().post(VARIATIONS).then().statusCode(400).body("errors.field", containsInAnyOrder("variations"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"x\", \"variations\": [{\"parameters\": {\"quality\": \"low\"}},"
                        + " {\"parameters\": {\"quality\": \"ultra\", \"model\": \"gpt-image-2\"}}]}")
                .when().post(VARIATIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("variations[1].parameters.quality"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \" \", \"variations\": [{}, {}]}")
                .when().post(VARIATIONS).then().statusCode(400).body("errors.field", containsInAnyOrder("prompt"));
        assertThat(given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch").then().extract().jsonPath()
                .getLong("total")).isZero();
    }

    private void rate(String itemId, int rating) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": " + rating + "}")
                .when().put("/api/vendor/media/generate/" + itemId + "/rating").then().statusCode(200);
    }
}
