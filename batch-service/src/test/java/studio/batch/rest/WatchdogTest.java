package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.batch.service.Watchdog;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** An item whose job was lost is sent again once, then failed with the reason: its batch ends and nothing stays reserved. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class WatchdogTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String token = Devstack.shared().oidc().vendorToken("watched-" + UUID.randomUUID().toString().substring(0, 8));

    @Inject
    AgroalDataSource database;

    @Inject
    Watchdog watchdog;

    @Test
    void anItemWithoutASignOfLifeIsSentAgainThenFailedAndItsBatchEnds() throws Throwable {
        PeersWireMock.reset();
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "Blue Dream", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "OG Kush", "missing": [], "unknown": []}]""", 0);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"templateId\": \"" + UUID.randomUUID()
                + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]}")
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
        UUID vendorId = vendorOf(id);
        List<JsonObject> jobs = Jobs.of(database, id);
        JsonObject answered = jobs.stream().filter(j -> j.getString("prompt").equals("Blue Dream")).findFirst().orElseThrow();
        String lost = jobs.stream().filter(j -> j.getString("prompt").equals("OG Kush")).findFirst().orElseThrow().getString("itemId");
        Jobs.complete(List.of(answered), id, new BigDecimal("0.011"), "openai");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id)
                .then().body("completedImages", equalTo(1)));

        // nothing is stale yet: the standard lane allows two hours, and the batch has just moved
        assertThat(sweep(vendorId, Instant.now())).isEqualTo(new Watchdog.Swept(0, 0));
        assertThat(sweep(vendorId, Instant.now().plus(Duration.ofMinutes(90)))).isEqualTo(new Watchdog.Swept(0, 0));

        Instant later = Instant.now().plus(Duration.ofHours(3));
        assertThat(sweep(vendorId, later)).isEqualTo(new Watchdog.Swept(1, 0));
        assertThat(Jobs.of(database, id)).filteredOn(j -> j.getString("itemId").equals(lost)).extracting(j -> j.getInteger("attempt"))
                .containsExactlyInAnyOrder(1, 2);
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items/" + lost).then()
                .body("status", equalTo("pending")).body("attempt", equalTo(2));
        // the job sent again is not stale before its own two hours
        assertThat(sweep(vendorId, later.plus(Duration.ofMinutes(90)))).isEqualTo(new Watchdog.Swept(0, 0));

        assertThat(sweep(vendorId, later.plus(Duration.ofHours(3)))).isEqualTo(new Watchdog.Swept(0, 1));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("completed")).body("completedImages", equalTo(1)).body("failedImages", equalTo(1));
        given().auth().oauth2(token).when().get(BATCHES + "/" + id + "/items/" + lost).then()
                .body("status", equalTo("failed")).body("errorMessage", startsWith("no sign of life"));
        Number reserved = given().auth().oauth2(token).when().get("/api/vendor/media/budget").then().statusCode(200)
                .extract().path("reservedUsd");
        assertThat(reserved.doubleValue()).isZero();
    }

    private Watchdog.Swept sweep(UUID vendorId, Instant now) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> watchdog.sweep(vendorId, now));
    }

    private UUID vendorOf(String batchId) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT vendor_id FROM generation_batches WHERE id = ?")) {
            query.setObject(1, UUID.fromString(batchId));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }
}
