package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.Postgres;

/**
 * The database away while the workers' results arrive: they are kept, readiness says the consumer
 * waits, and once the database answers again every result is applied and the batch ends, without a
 * restart.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class DatabaseOutageTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    /** Longer than the consumer's former give-up (ten tries half a second apart). */
    private static final Duration OUTAGE = Duration.ofSeconds(12);

    private final String token = Devstack.shared().oidc().vendorToken("outage");

    @Inject
    AgroalDataSource database;

    @Test
    void resultsThatArriveWhileTheDatabaseIsAwayAreAppliedOnceItAnswersAgain() throws Exception {
        PeersWireMock.reset();
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "Blue Dream", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "OG Kush", "missing": [], "unknown": []},
                 {"row": 2, "prompt": "Gelato", "missing": [], "unknown": []}]""", 0);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"templateId\": \"" + UUID.randomUUID()
                + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}, {\"product_name\": \"Gelato\"}]}")
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
        List<JsonObject> jobs = Jobs.of(database, id);
        assertThat(jobs).hasSize(3);

        Postgres postgres = Devstack.shared().postgres();
        postgres.refuseConnections("batch");
        try {
            Jobs.complete(jobs, id, new BigDecimal("0.011"), "openai");
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheDatabase(readiness()));
            // the consumer keeps waiting as long as the database is away, where it used to give up and stop
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> waitingForTheDatabase(readiness()));
        } finally {
            postgres.acceptConnections("batch");
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id)
                .then().statusCode(200).body("status", equalTo("completed")).body("completedImages", equalTo(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> !waitingForTheDatabase(readiness()));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id).then().body("costUsd", equalTo(0.033f));
    }

    private static JsonPath readiness() {
        return given().when().get("/q/health/ready").then().extract().jsonPath();
    }

    private static boolean waitingForTheDatabase(JsonPath health) {
        List<String> down = health.getList("checks.findAll { it.status == 'DOWN' }.name");
        return down.contains("consumers");
    }
}
