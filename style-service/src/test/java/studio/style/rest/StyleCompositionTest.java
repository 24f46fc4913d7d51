package studio.style.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** The composition endpoint: style or mix, tuning and model in; the exact provider requests and a report out. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "style"))
class StyleCompositionTest {

    private static final String STYLES = "/api/vendor/media/style-presets";
    private static final String CARTOON = "00000000-0000-4000-8000-000000000001";
    private static final String LUXURY = "00000000-0000-4000-8000-000000000004";
    private static final String MINIMALIST = "00000000-0000-4000-8000-000000000003";

    private static String vendor(String name) {
        return Devstack.shared().oidc().vendorToken(name);
    }

    private static JsonArray mix(Object... idsAndWeights) {
        JsonArray mix = new JsonArray();
        for (int i = 0; i < idsAndWeights.length; i += 2) {
            mix.add(new JsonObject().put("styleId", idsAndWeights[i]).put("weight", idsAndWeights[i + 1]));
        }
        return mix;
    }

    @Test
    void aMixWithTuningComposesIntoTheExactRequestAndReportsEverySetting() {
        JsonObject body = new JsonObject().put("prompts", new JsonArray().add("Blue Dream flower").add("Gelato flower"))
                .put("mix", mix(CARTOON, 50, LUXURY, 50))
                .put("tuning", new JsonObject().put("styleStrength", 80).put("creativity", 20).put("detailLevel", 90)
                        .put("quality", "hd").put("negativePrompt", "blurry").put("seed", 7))
                .put("parameters", new JsonObject().put("size", "1024x1536"));
        given().auth().oauth2(vendor("mixer")).contentType(ContentType.JSON).body(body.encode())
                .when().post(STYLES + "/compose")
                .then().statusCode(200)
                .body("model", equalTo("gpt-image-2"))
                .body("requests[0].model", equalTo("gpt-image-2"))
                .body("requests[0].size", equalTo("1024x1536"))
                .body("requests[0].quality", equalTo("high"))
                .body("requests[0].n", equalTo(1))
                .body("requests[0]", not(hasKey("seed")))
                .body("requests[0].prompt", containsString("Blue Dream flower"))
                .body("requests[0].prompt", containsString("(50%, leading)"))
                .body("requests[0].prompt", containsString("Avoid: blurry."))
                .body("requests[1].prompt", containsString("Gelato flower"))
                .body("parameters.seed", equalTo(7))
                .body("metadata.seed", equalTo(7))
                .body("applied.setting", hasItems("quality", "mix", "styleStrength", "creativity", "detailLevel",
                        "negativePrompt", "seed"))
                .body("applied.find { it.setting == 'seed' }.how", equalTo("metadata"))
                .body("conflicts[0].aspect", equalTo("mood"));
    }

    @Test
    void badMixesAreRefusedNamingTheField() {
        String token = vendor("careless");
        JsonObject prompts = new JsonObject().put("prompts", new JsonArray().add("a product"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(prompts.copy().put("mix", mix(CARTOON, 100)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400)
                .body("errors.field", hasItem("mix")).body("errors.message", hasItem(containsString("2 to 4 styles")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(prompts.copy().put("mix", mix(CARTOON, 20, LUXURY, 20, MINIMALIST, 20, "00000000-0000-4000-8000-000000000005",
                        20, "00000000-0000-4000-8000-000000000006", 20)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("mix"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(prompts.copy().put("mix", mix(CARTOON, 60, LUXURY, 30)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400)
                .body("errors.message", hasItem(containsString("add up to 90")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(prompts.copy().put("mix", mix(CARTOON, 50, CARTOON, 50)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("mix[1].styleId"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(prompts.copy().put("mix", mix(CARTOON, 50, UUID.randomUUID().toString(), 50)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("mix[1].styleId"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(prompts.copy().put("tuning", new JsonObject().put("creativity", 101).put("quality", "max")).encode())
                .when().post(STYLES + "/compose").then().statusCode(400)
                .body("errors.field", hasItems(containsString("creativity"), containsString("quality")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(prompts.copy().put("styleId", CARTOON).put("mix", mix(CARTOON, 50, LUXURY, 50)).encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("mix"));
    }

    @Test
    void anotherVendorsStyleCannotBeMixedNorComposed() {
        String owner = vendor("owner-" + UUID.randomUUID());
        String own = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"name\": \"Secret sauce\", \"basePromptSuffix\": \"secret look\"}")
                .when().post(STYLES).then().statusCode(201).extract().path("id");
        String stranger = vendor("stranger-" + UUID.randomUUID());
        JsonObject body = new JsonObject().put("prompts", new JsonArray().add("a product")).put("mix", mix(own, 50, LUXURY, 50));
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(body.encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("mix[0].styleId"));
        given().auth().oauth2(stranger).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompts", new JsonArray().add("a product")).put("styleId", own).encode())
                .when().post(STYLES + "/compose").then().statusCode(400).body("errors.field", hasItem("styleId"));
        given().auth().oauth2(owner).contentType(ContentType.JSON).body(body.encode())
                .when().post(STYLES + "/compose").then().statusCode(200).body("requests[0].prompt", containsString("secret look"));
    }

    @Test
    void aSavedMixIsACustomStyleThatComposesLikeTheMix() {
        String token = vendor("saver-" + UUID.randomUUID());
        JsonObject save = new JsonObject().put("name", "Playful luxury").put("mix", mix(CARTOON, 40, LUXURY, 60))
                .put("negativePrompt", "clutter");
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(save.encode())
                .when().post(STYLES + "/mixes").then().statusCode(201)
                .body("isPublic", equalTo(false)).body("mix.size()", equalTo(2))
                .body("basePromptSuffix", containsString("a blend of styles"))
                .extract().path("id");

        String direct = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompts", new JsonArray().add("Gelato")).put("mix", mix(LUXURY, 60, CARTOON, 40))
                        .put("tuning", new JsonObject().put("negativePrompt", "clutter")).encode())
                .when().post(STYLES + "/compose").then().statusCode(200).extract().path("requests[0].prompt");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompts", new JsonArray().add("Gelato")).put("styleId", id).encode())
                .when().post(STYLES + "/compose").then().statusCode(200)
                .body("requests[0].prompt", equalTo(direct)).body("styleId", equalTo(id));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Broken").put("mix", mix(CARTOON, 50)).encode())
                .when().post(STYLES + "/mixes").then().statusCode(400).body("errors.field", hasItem("mix"));
        given().auth().oauth2(vendor("other-" + UUID.randomUUID())).when().get(STYLES + "/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().get(STYLES + "/" + LUXURY).then().statusCode(200).body("mix", nullValue());
    }
}
