package studio.style.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import studio.common.events.CloudEventHeaders;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicReader;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "style"))
class StylePresetLibraryTest {

    private static final String STYLES = "/api/vendor/media/style-presets";
    private static final String LUXURY = "00000000-0000-4000-8000-000000000004";

    private static String vendor(String name) {
        return Devstack.shared().oidc().vendorToken(name);
    }

    @Test
    void customStylesBelongToTheirVendorAndAnnounceTheirChanges() {
        String token = vendor("stylist-" + UUID.randomUUID());
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Pastel dream\", \"basePromptSuffix\": \"soft pastel palette, dreamy haze\","
                        + " \"negativePrompt\": \"harsh shadows\", \"parameters\": {\"quality\": \"high\"},"
                        + " \"exampleImages\": [\"https://cdn.example.test/pastel.png\"]}")
                .when().post(STYLES).then().statusCode(201)
                .body("isPublic", equalTo(false)).body("negativePrompt", equalTo("harsh shadows"))
                .extract().path("id");

        given().auth().oauth2(token).when().get(STYLES + "?size=100").then().body("items.id", hasItem(id));
        given().auth().oauth2(vendor("stranger")).when().get(STYLES + "/" + id).then().statusCode(404);
        given().auth().oauth2(vendor("stranger")).when().delete(STYLES + "/" + id).then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Pastel dream\", \"basePromptSuffix\": \"soft pastel palette\"}")
                .when().put(STYLES + "/" + id).then().statusCode(200).body("basePromptSuffix", equalTo("soft pastel palette"));
        given().auth().oauth2(token).when().delete(STYLES + "/" + id).then().statusCode(204);
        given().auth().oauth2(token).when().get(STYLES + "/" + id).then().statusCode(404);

        try (TopicReader reader = new TopicReader(Topics.STYLES)) {
            var types = reader.readUntil(r -> id.equals(r.key()), found -> found.size() >= 3, Duration.ofSeconds(60)).stream()
                    .map(r -> CloudEventHeaders.read(r.headers()).get(CloudEventHeaders.TYPE)).toList();
            assertThat(types).containsExactly("style.created", "style.updated", "style.deleted");
        }
    }

    @Test
    void publicStylesAreWrittenByAdminsOnly() {
        String body = "{\"name\": \"Luxury\", \"basePromptSuffix\": \"cheap look\"}";
        given().auth().oauth2(vendor("vandal")).contentType(ContentType.JSON).body(body)
                .when().put(STYLES + "/" + LUXURY).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(vendor("vandal")).when().delete(STYLES + "/" + LUXURY).then().statusCode(403);
        given().auth().oauth2(vendor("vandal")).contentType(ContentType.JSON)
                .body("{\"name\": \"Mine for all\", \"basePromptSuffix\": \"x\", \"isPublic\": true}")
                .when().post(STYLES).then().statusCode(403);

        String name = "Studio noir " + UUID.randomUUID();
        given().auth().oauth2(Devstack.shared().oidc().adminToken("platform")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"basePromptSuffix\": \"black and white film noir lighting\", \"isPublic\": true}")
                .when().post(STYLES).then().statusCode(201);
        given().auth().oauth2(vendor("anyone")).when().get(STYLES + "/public?size=100").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(9)).body("items.isPublic", everyItem(equalTo(true)))
                .body("items.name", hasItem(name));
        given().auth().oauth2(vendor("anyone")).when().get(STYLES + "/" + LUXURY).then().statusCode(200)
                .body("basePromptSuffix", equalTo("premium luxury aesthetic, gold accents, elegant composition"));
    }

    @Test
    void badStylesAreRefusedNamingEveryField() {
        String token = vendor("sloppy-" + UUID.randomUUID());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"basePromptSuffix\": \"\"}")
                .when().post(STYLES).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "basePromptSuffix"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"basePromptSuffix\": \"y\", \"parameters\": {\"quality\": \"ultra\"},"
                        + " \"exampleImages\": [\"ftp://example.test/a.png\"]}")
                .when().post(STYLES).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("parameters.quality", "exampleImages[0]"));
        given().auth().oauth2(token).when().get(STYLES + "?size=100").then().body("items.isPublic", not(hasItem(false)));
    }
}
