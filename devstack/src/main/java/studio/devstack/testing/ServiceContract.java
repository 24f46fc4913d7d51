package studio.devstack.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;

import org.junit.jupiter.api.Test;

import studio.devstack.Devstack;
import studio.devstack.OidcKeys;

/**
 * What every service promises, run against the real service on devstack: its API refuses a
 * missing or forged token and serves a valid one, its readiness checks its real dependencies, and
 * it publishes its OpenAPI document. A service's test extends this and names a protected path.
 */
public abstract class ServiceContract {

    /** The readiness checks of a service with a database and an outbox. */
    protected static final List<String> DATABASE_SERVICE_CHECKS = List.of(
            "Reactive PostgreSQL connections health check", "Kafka connection health check", "outbox-relay");

    /** A GET endpoint under {@code /api} that a vendor token may read. */
    protected abstract String protectedPath();

    /** The names of the readiness checks that must report UP. */
    protected abstract List<String> readinessChecks();

    protected static String vendorToken(String vendor) {
        return Devstack.shared().oidc().vendorToken(vendor);
    }

    @Test
    void apiRefusesARequestWithoutToken() {
        given().when().get(protectedPath()).then().statusCode(401);
    }

    @Test
    void apiRefusesATokenSignedWithAnotherKey() {
        String forged = OidcKeys.generate().vendorToken("mallory");
        given().auth().oauth2(forged).when().get(protectedPath()).then().statusCode(401);
    }

    @Test
    void apiServesAVendorToken() {
        given().auth().oauth2(vendorToken("contract-vendor")).when().get(protectedPath()).then().statusCode(200);
    }

    @Test
    void readinessChecksTheRealDependencies() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks().toArray(String[]::new)));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths.keySet()", hasItems(protectedPath()));
    }
}
