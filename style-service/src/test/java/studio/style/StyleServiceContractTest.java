package studio.style;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import studio.devstack.DevstackResource;
import studio.devstack.testing.ServiceContract;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "style"))
class StyleServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/vendor/media/style-presets";
    }

    @Override
    protected List<String> readinessChecks() {
        return DATABASE_SERVICE_CHECKS;
    }

    @Test
    void theSeedsEightBuiltInStylesAreThereWithTheirExactSuffixes() {
        given().auth().oauth2(vendorToken("any")).when().get(protectedPath()).then()
                .statusCode(200)
                .body("total", equalTo(8))
                .body("items.basePromptSuffix", hasItems(
                        "in vibrant cartoon style, bold outlines, playful colors",
                        "professional product photography, studio lighting, 8K resolution",
                        "clean minimalist design, simple shapes, white background",
                        "premium luxury aesthetic, gold accents, elegant composition",
                        "vintage 80s style, neon colors, retro aesthetic",
                        "neon lights, cyberpunk aesthetic, futuristic",
                        "hand-drawn illustration, watercolor style, artistic",
                        "3D rendered, octane render, photorealistic materials"));
    }

    @Test
    void composesAStyleIntoManyPromptsAtOnce() {
        given().auth().oauth2(vendorToken("any")).contentType("application/json")
                .body("{\"styleId\": \"00000000-0000-4000-8000-000000000004\", \"prompts\": [\"Blue Dream jar.\", \"OG Kush\"]}")
                .when().post(protectedPath() + "/compose").then()
                .statusCode(200)
                .body("prompts", org.hamcrest.Matchers.contains(
                        "Blue Dream jar, premium luxury aesthetic, gold accents, elegant composition",
                        "OG Kush, premium luxury aesthetic, gold accents, elegant composition"));
        given().auth().oauth2(vendorToken("any")).contentType("application/json")
                .body("{\"styleId\": \"" + java.util.UUID.randomUUID() + "\", \"prompts\": [\"x\"]}")
                .when().post(protectedPath() + "/compose").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("styleId"));
    }
}
