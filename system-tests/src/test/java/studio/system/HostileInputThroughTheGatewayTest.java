package studio.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * Hostile input through the gateway and the real services: one vendor naming another's private
 * template (refused, and the owner's figures stand still), an oversized upload, text that cannot be
 * stored; each a problem+json and nothing stored.
 */
class HostileInputThroughTheGatewayTest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void anotherVendorsPrivateTemplateCannotBeNamedAndItsOwnersFiguresDoNotMove() {
        String owner = platform.vendorToken("owner-" + UUID.randomUUID());
        String intruder = platform.vendorToken("intruder-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"name\": \"Private\", \"promptText\": \"{product_name} on marble\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");

        given().auth().oauth2(intruder).contentType(ContentType.JSON).body("{\"prompt\": \"Gelato on marble\", \"templateId\": \"" + templateId + "\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body("{\"prompt\": \"Gelato\", \"templateId\": \"" + templateId + "\", \"variations\": [{\"label\": \"a\"}, {\"label\": \"b\"}]}")
                .when().post("/api/vendor/media/generate/variations").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON).body("{\"autoGenerate\": true, \"templateId\": \"" + templateId + "\"}")
                .when().put("/api/vendor/media/products/generation-settings").then().statusCode(400);
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Gelato\"}]}")
                .when().post("/api/vendor/media/generate/batch").then().statusCode(400);
        given().auth().oauth2(intruder).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));

        given().auth().oauth2(owner).when().get("/api/vendor/media/prompt-templates/" + templateId + "/stats").then().statusCode(200)
                .body("usageCount", equalTo(0)).body("imagesAttempted", equalTo(0));
    }

    @Test
    void aCsvOverTheLimitGetsTheServicesOwnProblemThroughTheGateway() {
        String vendor = platform.vendorToken("big-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Big\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        StringBuilder csv = new StringBuilder("product_name\n");
        String row = "x".repeat(200) + "\n";
        while (csv.length() < 11 * 1024 * 1024) {
            csv.append(row);
        }
        given().auth().oauth2(vendor).multiPart("file", "big.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("templateId", templateId).when().post("/api/vendor/media/generate/batch/csv").then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("urn:studio:problem:file-too-large"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));
    }

    @Test
    void textThatCannotBeStoredIsRefusedByEveryServiceAlike() {
        String vendor = platform.vendorToken("text-" + UUID.randomUUID());
        given().auth().oauth2(vendor).contentType(ContentType.JSON).body("{\"name\": \"a\\u0000b\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"\\u200b\", \"basePromptSuffix\": \"soft light\"}")
                .when().post("/api/vendor/media/style-presets").then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(vendor).queryParam("page", "abc").when().get("/api/vendor/media/prompt-templates").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(vendor).queryParam("page", 21474837).queryParam("size", 100).when().get("/api/vendor/media/style-presets")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/prompt-templates").then().body("total", equalTo(0));
    }
}
