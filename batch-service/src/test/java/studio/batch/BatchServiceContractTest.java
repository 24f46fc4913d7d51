package studio.batch;

import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import studio.devstack.DevstackResource;
import studio.devstack.testing.ServiceContract;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
class BatchServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/vendor/media/generate/batch";
    }

    @Override
    protected List<String> readinessChecks() {
        return DATABASE_SERVICE_CHECKS;
    }
}
