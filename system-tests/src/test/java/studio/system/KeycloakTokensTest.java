package studio.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import studio.common.tenancy.Claims;
import studio.devstack.Keycloak;

/** The services take Keycloak's tokens as a deployment does: its keys, its issuer, the platform's audience. */
class KeycloakTokensTest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void aVendorsTokenFromTheRealmActsForThatVendorInEveryService() {
        String vendor = "realm-" + UUID.randomUUID();
        String token = platform.vendorToken(vendor);
        for (String path : new String[] {"/api/vendor/media/prompt-templates", "/api/vendor/media/style-presets",
                "/api/vendor/media/generate/batch", "/api/vendor/media/webhooks"}) {
            given().auth().oauth2(token).when().get(path).then().statusCode(200);
        }
        given().auth().oauth2(token).when().get("/api/vendor/media/budget").then().statusCode(200);
        // a second token of the same vendor sees what the first made
        given().auth().oauth2(token).contentType("application/json").body("{\"name\": \"Mine\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201);
        given().auth().oauth2(platform.vendorToken(vendor)).when().get("/api/vendor/media/prompt-templates").then()
                .body("total", equalTo(1));
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        io.vertx.core.json.JsonObject payload = new io.vertx.core.json.JsonObject(claims);
        org.assertj.core.api.Assertions.assertThat(payload.getString(Claims.VENDOR_ID)).isEqualTo(Claims.vendorIdFor(vendor).toString());
        org.assertj.core.api.Assertions.assertThat(payload.getString("iss")).isEqualTo(platform.keycloak().issuer());
        org.assertj.core.api.Assertions.assertThat(payload.getValue("aud").toString()).contains(Keycloak.AUDIENCE);
    }

    @Test
    void anAdminOfTheRealmMayWritePublicTemplatesAndAVendorMayNot() {
        String body = "{\"name\": \"House style " + UUID.randomUUID() + "\", \"promptText\": \"{product_name} on marble\", \"isPublic\": true}";
        given().auth().oauth2(platform.vendorToken("plain-" + UUID.randomUUID())).contentType("application/json").body(body)
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(403);
        given().auth().oauth2(platform.adminToken("platform-" + UUID.randomUUID())).contentType("application/json").body(body)
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201);
    }

    @Test
    void aTokenForAnotherAudienceOrFromAnotherIssuerIsRefused() {
        Keycloak keycloak = platform.keycloak();
        // the same user signed in through a client that adds no studio-api audience
        String otherAudience = keycloak.token("audience-" + UUID.randomUUID(), false, "admin-cli");
        given().auth().oauth2(otherAudience).when().get("/api/vendor/media/prompt-templates").then().statusCode(401);
        // a valid token of Keycloak's master realm: another issuer
        given().auth().oauth2(keycloak.masterRealmToken()).when().get("/api/vendor/media/prompt-templates").then().statusCode(401);
        given().auth().oauth2(platform.vendorToken("audience-ok-" + UUID.randomUUID())).when().get("/api/vendor/media/prompt-templates")
                .then().statusCode(200);
    }
}
