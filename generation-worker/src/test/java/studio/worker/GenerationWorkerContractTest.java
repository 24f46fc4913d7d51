package studio.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import studio.devstack.DevstackResource;
import studio.devstack.testing.ServiceContract;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = { @ResourceArg(name = "database", value = "worker"),
        @ResourceArg(name = "s3", value = "true"), @ResourceArg(name = "openai", value = "true") })
class GenerationWorkerContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/worker/status";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Kafka connection health check", "object-storage");
    }

    @Test
    void reportsTheConfiguredProviderAndBucket() {
        given().auth().oauth2(vendorToken("ops")).when().get(protectedPath()).then()
                .statusCode(200)
                .body("provider", equalTo("openai"))
                .body("bucket", equalTo("studio-images"));
    }
}
