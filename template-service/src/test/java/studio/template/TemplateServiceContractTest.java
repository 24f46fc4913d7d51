package studio.template;

import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import studio.devstack.DevstackResource;
import studio.devstack.testing.ServiceContract;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class TemplateServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/vendor/media/prompt-templates";
    }

    @Override
    protected List<String> readinessChecks() {
        return DATABASE_SERVICE_CHECKS;
    }
}
