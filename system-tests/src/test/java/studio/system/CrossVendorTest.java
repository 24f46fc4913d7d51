package studio.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** One vendor naming another's private template, through the gateway and the real template-service: refused, and the owner's figures stand still. */
class CrossVendorTest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
        RestAssured.baseURI = platform.gatewayUrl();
        RestAssured.port = -1;
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
}
