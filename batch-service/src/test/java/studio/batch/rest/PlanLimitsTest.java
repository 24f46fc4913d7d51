package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** A vendor's plan, set by an admin, caps the images it has queued and the batches it runs at once; a refusal stores nothing. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class PlanLimitsTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";

    @Inject
    AgroalDataSource database;

    private final String admin = Devstack.shared().oidc().adminToken("platform-admin");

    @Test
    void newWorkPastTheQueuedImagesCapIsRefusedWithTheFiguresAndNothingIsStored() throws Exception {
        String name = "capped-" + UUID.randomUUID().toString().substring(0, 8);
        UUID vendorId = Claims.vendorIdFor(name);
        String token = Devstack.shared().oidc().vendorToken(name);
        setPlan(vendorId, new JsonObject().put("plan", "pro").put("maxQueuedItems", 5)).statusCode(200)
                .body("plan", equalTo("pro")).body("weight", equalTo(2.0f)).body("maxQueuedItems", equalTo(5))
                .body("maxRunningBatches", equalTo(200)).body("overrides.maxQueuedItems", equalTo(5));
        given().auth().oauth2(token).when().get("/api/vendor/media/plan").then().statusCode(200)
                .body("vendorId", equalTo(vendorId.toString())).body("maxQueuedItems", equalTo(5));

        post(token, 4).statusCode(202);
        long before = batches(vendorId);
        post(token, 2).statusCode(422).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("queued-items-limit"))
                .body("maxQueuedItems", equalTo(5)).body("queuedItems", equalTo(4)).body("requestedItems", equalTo(2));
        assertThat(batches(vendorId)).as("nothing stored").isEqualTo(before);
        post(token, 1).statusCode(202);
    }

    @Test
    void aBatchPastTheRunningBatchesCapIsRefused() throws Exception {
        String name = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        UUID vendorId = Claims.vendorIdFor(name);
        String token = Devstack.shared().oidc().vendorToken(name);
        setPlan(vendorId, new JsonObject().put("maxRunningBatches", 2)).statusCode(200).body("plan", equalTo("standard"));
        post(token, 1).statusCode(202);
        post(token, 1).statusCode(202);
        long before = batches(vendorId);
        post(token, 1).statusCode(422).body("type", org.hamcrest.Matchers.endsWith("running-batches-limit"))
                .body("maxRunningBatches", equalTo(2)).body("runningBatches", equalTo(2));
        assertThat(batches(vendorId)).isEqualTo(before);
    }

    @Test
    void onlyAnAdminSetsAPlanAndOnlyAConfiguredOne() {
        UUID someone = UUID.randomUUID();
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("not-an-admin")).contentType(ContentType.JSON)
                .body(new JsonObject().put("weight", 100).encode()).when().put("/api/vendor/media/admin/vendors/" + someone + "/plan")
                .then().statusCode(403);
        setPlan(someone, new JsonObject().put("plan", "platinum")).statusCode(400).body("errors[0].field", equalTo("plan"));
        setPlan(someone, new JsonObject().put("weight", 0)).statusCode(400);
        given().auth().oauth2(admin).when().get("/api/vendor/media/admin/vendors/" + someone + "/plan").then().statusCode(200)
                .body("plan", equalTo("standard")).body("weight", equalTo(1.0f)).body("overrides.plan", org.hamcrest.Matchers.nullValue());
    }

    private io.restassured.response.ValidatableResponse setPlan(UUID vendorId, JsonObject body) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body.encode())
                .when().put("/api/vendor/media/admin/vendors/" + vendorId + "/plan").then();
    }

    private io.restassured.response.ValidatableResponse post(String token, int rows) {
        JsonArray rendered = new JsonArray();
        JsonArray values = new JsonArray();
        for (int i = 0; i < rows; i++) {
            rendered.add(new JsonObject().put("row", i).put("prompt", "Capped " + i).put("missing", new JsonArray()).put("unknown", new JsonArray()));
            values.add(new JsonObject().put("product_name", "Capped " + i));
        }
        PeersWireMock.templateRenders(1, rendered.encode(), 0);
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("templateId", UUID.randomUUID().toString()).put("rows", values).encode())
                .when().post(BATCHES).then();
    }

    private long batches(UUID vendorId) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT count(*) FROM generation_batches WHERE vendor_id = ?")) {
            query.setObject(1, vendorId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
