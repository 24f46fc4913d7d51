package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** What the studio's screens ask of batch-service beyond the batch API itself: models, a batch's preview, lists by status, download links. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class StudioScreensApiTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";

    private final String token = Devstack.shared().oidc().vendorToken("screens-" + UUID.randomUUID());
    private final String templateId = UUID.randomUUID().toString();

    @BeforeEach
    void resetPeers() {
        PeersWireMock.reset();
    }

    private int batches(String query) {
        return given().auth().oauth2(token).when().get(BATCHES + query).then().statusCode(200).extract().path("total");
    }

    @Test
    void theModelsAreTheCatalogsWithTheirSizesQualitiesAndPrices() {
        given().auth().oauth2(token).when().get("/api/vendor/media/models").then().statusCode(200)
                .body("defaultModel", equalTo("gpt-image-2"))
                .body("models.id", hasItem("gpt-image-2"))
                .body("models.find { it.id == 'gpt-image-2' }.isDefault", equalTo(true))
                .body("models.find { it.id == 'gpt-image-2' }.sizes", hasItem("1024x1024"))
                .body("models.find { it.id == 'gpt-image-2' }.qualities", hasItem("medium"))
                .body("models.find { it.id == 'gpt-image-2' }.pricePerImageUsd.medium['1024x1024']", notNullValue());
        given().when().get("/api/vendor/media/models").then().statusCode(401);
    }

    @Test
    void aPreviewOfAProductListShowsPromptsCostAndProblemsAndStoresNothing() {
        PeersWireMock.templateRenders(4, """
                [{"row": 0, "prompt": "Blue Dream on white", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "Gelato on white", "missing": [], "unknown": []}]""", 0);
        int before = batches("");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"parameters\": {\"quality\": \"low\"},"
                        + " \"products\": [{\"name\": \"Blue Dream\"}, {\"name\": \"Gelato\"}]}")
                .when().post(BATCHES + "/preview").then().statusCode(200)
                .body("rows", equalTo(2)).body("templateVersion", equalTo(4))
                .body("prompts", hasSize(2)).body("prompts[0]", equalTo("Blue Dream on white"))
                .body("problems", hasSize(0)).body("estimatedCostUsd", notNullValue()).body("estimatedSeconds", notNullValue());
        // the same request with a parameter the model lacks: the problem, and still nothing stored
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"parameters\": {\"quality\": \"sublime\"}, \"products\": [{\"name\": \"Gelato\"}]}")
                .when().post(BATCHES + "/preview").then().statusCode(200)
                .body("problems[0].field", equalTo("parameters.quality"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"templateId\": \"" + templateId + "\"}")
                .when().post(BATCHES + "/preview").then().statusCode(400).body("errors[0].message", containsString("exactly one of rows"));
        org.assertj.core.api.Assertions.assertThat(batches("")).isEqualTo(before);
    }

    @Test
    void theBatchListKeepsTheStatusesAskedForAndRefusesAnUnknownOne() {
        PeersWireMock.templateRenders(1, "[{\"row\": 0, \"prompt\": \"Now\", \"missing\": [], \"unknown\": []}]", 0);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Now\"}]}")
                .when().post(BATCHES).then().statusCode(202);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Later\"}], \"scheduledFor\": \""
                        + Instant.now().plus(2, ChronoUnit.DAYS) + "\"}")
                .when().post(BATCHES).then().statusCode(202);
        given().auth().oauth2(token).when().get(BATCHES + "?status=scheduled").then().statusCode(200)
                .body("total", equalTo(1)).body("items.status", everyItem(equalTo("scheduled")));
        given().auth().oauth2(token).when().get(BATCHES + "?status=pending,processing,scheduled").then().statusCode(200)
                .body("total", equalTo(2));
        given().auth().oauth2(token).when().get(BATCHES + "?status=pending,lost").then().statusCode(400)
                .body("errors[0].field", equalTo("status")).body("errors[0].message", containsString("got lost"));
    }

    @Test
    void aDownloadLinkOpensOnlyTheBatchItWasSignedForAndOnlyWithItsSignature() {
        PeersWireMock.templateRenders(1, "[{\"row\": 0, \"prompt\": \"Zip me\", \"missing\": [], \"unknown\": []}]", 0);
        String batchId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Zip me\"}]}")
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
        String url = given().auth().oauth2(token).when().post(BATCHES + "/" + batchId + "/archive").then().statusCode(200)
                .body("url", startsWith("/api/vendor/media/downloads/")).body("expiresAt", notNullValue()).extract().path("url");
        // no bearer token: the link is the credential; no image completed yet, so the archive is empty but valid
        byte[] zip = given().when().get(url).then().statusCode(200).contentType("application/zip")
                .header("Content-Disposition", containsString("batch-" + batchId + ".zip")).extract().asByteArray();
        org.assertj.core.api.Assertions.assertThat(zip).startsWith((byte) 0x50, (byte) 0x4b); // PK: a ZIP's end record

        String tokenPart = url.substring(url.lastIndexOf('/') + 1);
        String[] parts = tokenPart.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]));
        String otherBatch = payload.replace(batchId, UUID.randomUUID().toString());
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(otherBatch.getBytes()) + "." + parts[1];
        given().when().get("/api/vendor/media/downloads/" + forged).then().statusCode(404)
                .body("detail", containsString("not valid, or it has expired"));
        given().when().get("/api/vendor/media/downloads/garbage").then().statusCode(404);
        // another vendor cannot have a link signed for this batch
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("someone-else")).when().post(BATCHES + "/" + batchId + "/archive")
                .then().statusCode(404);
    }
}
