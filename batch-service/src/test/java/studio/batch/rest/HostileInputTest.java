package studio.batch.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** Input an attacker (or a broken export) sends: each a clear 400 naming what is wrong, and nothing stored. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class HostileInputTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";

    private final String token = Devstack.shared().oidc().vendorToken("hostile-" + UUID.randomUUID());
    private final String templateId = UUID.randomUUID().toString();

    @BeforeEach
    void resetPeers() {
        PeersWireMock.reset();
        PeersWireMock.templateRenders(1, "[{\"row\": 0, \"prompt\": \"Blue Dream\", \"missing\": [], \"unknown\": []}]", 0);
    }

    private int batches() {
        return given().auth().oauth2(token).when().get(BATCHES).then().statusCode(200).extract().path("total");
    }

    private io.restassured.response.ValidatableResponse uploadCsv(String path, String content) {
        return given().auth().oauth2(token).multiPart("file", "products.csv", content.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("templateId", templateId).when().post(path).then();
    }

    @Test
    void aCsvWithAQuoteThatIsNeverClosedIsRefusedWithItsLineNotA500() {
        int before = batches();
        String csv = "product_name,strain_type\nBlue Dream,hybrid\n\"Gelato,indica\nOG Kush,sativa\n";
        for (String path : new String[] {BATCHES + "/csv", BATCHES + "/csv/preview"}) {
            uploadCsv(path, csv).statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("never closed")).body("errors[0].field", equalTo("file"))
                    .body("errors[0].line", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
        }
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void twoColumnsFillingOneVariableOrARepeatedColumnAreRefusedInTheProductsWords() {
        int before = batches();
        uploadCsv(BATCHES + "/csv", "Product Name,product_name\nBlue Dream,Gelato\n").statusCode(400)
                .body("errors[0].message", containsString("\"Product Name\" and \"product_name\" both fill {product_name}"));
        uploadCsv(BATCHES + "/csv/preview", "product_name,product_name\nBlue Dream,Gelato\n").statusCode(400)
                .body("errors[0].message", containsString("names the column \"product_name\" twice"))
                .body("errors[0].line", equalTo(1));
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void aLineWithMoreCellsThanTheHeaderIsAProblemOfThatLine() {
        int before = batches();
        uploadCsv(BATCHES + "/csv", "product_name\nBlue Dream\nGelato, limited,extra\n").statusCode(400)
                .body("errors[0].line", equalTo(3)).body("errors[0].message", containsString("3 cells but the header names 1"));
        uploadCsv(BATCHES + "/csv/preview", "product_name\nBlue Dream\nGelato, limited,extra\n").statusCode(200)
                .body("problems[0].line", equalTo(3));
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void aNulCharacterOrALoneSurrogateInAnyTextIsRefusedNotStoredOrMangled() {
        int before = batches();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"name\": \"night\\u0000shift\", \"rows\": [{\"product_name\": \"Blue Dream\"}]}")
                .when().post(BATCHES).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name")).body("errors[0].message", containsString("NUL character"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Blue \\ud800Dream\"}]}")
                .when().post(BATCHES).then().statusCode(400)
                .body("errors[0].field", equalTo("rows[0].product_name")).body("errors[0].message", containsString("surrogate"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"a \\udc00 flower\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors[0].field", equalTo("prompt"));
        given().auth().oauth2(token).queryParam("status", "pending\u0000").when().get(BATCHES).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void aFractionalRatingIsRefusedNotRoundedAndPagingThatCannotExistIsA400() {
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rating\": 4.5}")
                .when().put("/api/vendor/media/generate/" + UUID.randomUUID() + "/rating").then().statusCode(400)
                .body("errors[0].field", equalTo("rating"));
        given().auth().oauth2(token).queryParam("page", 21474837).queryParam("size", 100).when().get(BATCHES).then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(token).queryParam("page", "abc").when().get(BATCHES).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("page"))
                .body("errors[0].message", equalTo("must be a whole number"));
        // a path that names no batch stays a 404
        given().auth().oauth2(token).when().get(BATCHES + "/not-a-uuid").then().statusCode(404);
    }

    @Test
    void anotherVendorsTemplateCannotBeNamedByASingleImageAnATestOrTheProductSettings() {
        String foreign = UUID.randomUUID().toString();
        PeersWireMock.server.stubFor(get(urlPathEqualTo("/api/vendor/media/prompt-templates/" + foreign)).atPriority(1)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\": 404, \"title\": \"Not Found\"}")));
        int before = batches();
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"Blue Dream\", \"templateId\": \"" + foreign + "\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400)
                .body("errors[0].field", equalTo("templateId")).body("errors[0].message", containsString("for this vendor"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"Blue Dream\", \"templateId\": \"" + foreign + "\", \"variations\": [{\"label\": \"a\"}, {\"label\": \"b\"}]}")
                .when().post("/api/vendor/media/generate/variations").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"autoGenerate\": true, \"templateId\": \"" + foreign + "\"}")
                .when().put("/api/vendor/media/products/generation-settings").then().statusCode(400)
                .body("errors[0].field", equalTo("templateId"));
        assertThat(batches()).isEqualTo(before);
        given().auth().oauth2(token).when().get("/api/vendor/media/products/generation-settings").then().statusCode(200)
                .body("autoGenerate", equalTo(false));
        // its own (or a public) template is fine
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"Blue Dream\", \"templateId\": \"" + templateId + "\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(202);
    }

    @Test
    void aNameMadeOnlyOfInvisibleCharactersIsNotAName() {
        int before = batches();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"name\": \"\\u200b\\u2060\\u3164 \", \"rows\": [{\"product_name\": \"Blue Dream\"}]}")
                .when().post(BATCHES).then().statusCode(400).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("visible character"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"products\": [{\"name\": \"\\u200d\\ufeff\"}]}")
                .when().post(BATCHES).then().statusCode(400).body("errors[0].field", equalTo("products[0].name"));
        assertThat(batches()).isEqualTo(before);
        int products = given().auth().oauth2(token).when().get("/api/vendor/media/products").then().statusCode(200).extract().path("total");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"\\u200b\\u200d\\u2800\"}")
                .when().post("/api/vendor/media/products").then().statusCode(400).body("errors[0].field", equalTo("name"))
                .body("errors[0].message", containsString("visible character"));
        uploadCsv("/api/vendor/media/products/import", "name,category\n\u200b\u200b,flower\n").statusCode(400)
                .body("errors[0].message", containsString("visible character"));
        assertThat((int) given().auth().oauth2(token).when().get("/api/vendor/media/products").then().statusCode(200).extract().path("total"))
                .isEqualTo(products);
    }

    @Test
    void parametersTakeOnlyTheModelsNamesWithBoundedValuesAndNoOutputTheStudioCannotKeep() {
        int before = batches();
        String junk = "x".repeat(2_000_000);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}], \"parameters\": {\"junk\": \""
                        + junk + "\"}}")
                .when().post(BATCHES).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("parameters.junk"))
                .body("errors[0].message", containsString("not a parameter of gpt-image-2; it takes model, size, quality"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"a jar\", \"parameters\": {\"background\": \"" + junk + "\"}}")
                .when().post("/api/vendor/media/generate").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters.background"))
                .body("errors[0].message", equalTo("must be transparent or opaque or auto"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"prompt\": \"a jar\", \"parameters\": {\"output_format\": \"webp\", \"output_compression\": 80}}")
                .when().post("/api/vendor/media/generate").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("parameters.output_format"))
                .body("errors[0].message", containsString("webp is not offered"));
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void jsonNestedDeeperThanAnyRequestIsA400NotAStackOverflow() {
        int before = batches();
        // (deep enough to overflow the event loop's stack without the limit; a failing check would print it, so kept as bytes)
        byte[] body = ("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}], \"parameters\": {\"seed\": "
                + "[".repeat(5_000) + "]".repeat(5_000) + "}}").getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(BATCHES).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:studio:problem:malformed-body")).body("detail", containsString("nesting depth"));
        assertThat(batches()).isEqualTo(before);
    }

    @Test
    void aModelItsProviderShutDownIsA400NamingItsSuccessor() {
        int before = batches();
        // dall-e-3 is not among the models this service's tests allow with studio.models.allow-retired
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"a jar\", \"model\": \"dall-e-3\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400)
                .body("errors[0].field", equalTo("parameters.model"))
                .body("errors[0].message", containsString("dall-e-3 was shut down by its provider on 2026-05-12; use gpt-image-2.5-sunburst"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}], \"parameters\": {\"model\": \"dall-e-3\"}}")
                .when().post(BATCHES).then().statusCode(400).body("errors[0].message", containsString("successor"));
        assertThat(batches()).isEqualTo(before);
        // the catalog the studio's pickers read leaves it out, and keeps what this deployment allows
        given().auth().oauth2(token).when().get("/api/vendor/media/models").then().statusCode(200)
                .body("models.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("dall-e-3")))
                .body("models.find { it.id == 'dall-e-2' }.successor", equalTo("gpt-image-2.5-sunburst"));
    }

    @Test
    void refusedCredentialsAreProblemsWithABearerChallenge() {
        given().when().get(BATCHES).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer")).body("type", equalTo("urn:studio:problem:unauthenticated"));
        given().auth().oauth2("not.a.token").when().get(BATCHES).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token")).body("status", equalTo(401));
        // a token whose issue time is ahead of the clock is refused (signed by the right key all the same)
        String future = Devstack.shared().oidc().tokenIssuedAt("hostile-future", java.time.Instant.now().plusSeconds(600));
        given().auth().oauth2(future).when().get(BATCHES).then().statusCode(401).contentType("application/problem+json");
        String justNow = Devstack.shared().oidc().tokenIssuedAt("hostile-future", java.time.Instant.now().plusSeconds(5));
        given().auth().oauth2(justNow).when().get(BATCHES).then().statusCode(200);
        // a valid token that names no vendor is a 403 problem
        String service = Devstack.shared().oidc().serviceToken("hostile-service", java.time.Duration.ofMinutes(5));
        given().auth().oauth2(service).when().get(BATCHES).then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:studio:problem:no-vendor"));
    }
}
