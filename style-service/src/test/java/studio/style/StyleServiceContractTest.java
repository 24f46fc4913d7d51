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
}
