package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/**
 * The fair queue with a window of four jobs per lane, answered by hand as a worker fleet would: a
 * vendor's small batch goes out in turns with another's backlog instead of behind it, weights give
 * their shares, urgent work passes a full lane, and a cancelled batch leaves the queue.
 */
@QuarkusTest
@TestProfile(FairQueueTest.SmallWindows.class)
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch_fair"))
@WithTestResource(PeersWireMock.class)
class FairQueueTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class SmallWindows implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("studio.queue.min-window", "4", "studio.queue.max-window", "4", "studio.queue.release-interval", "50ms");
        }
    }

    @Inject
    AgroalDataSource database;

    @Test
    void aSmallBatchGoesOutInTurnsWithAnotherVendorsBacklogAndACancelledBatchLeavesTheQueue() throws Exception {
        String a = token("backlog");
        String b = token("small");
        String backlog = post(a, 30, "normal");
        await().atMost(WAIT).until(() -> released(backlog).size() == 4);
        assertThat(Jobs.waiting(database, backlog)).isEqualTo(26);

        String small = post(b, 4, "normal");
        assertThat(Jobs.waiting(database, small)).as("the lane is full: B waits for room").isEqualTo(4);
        // B's place: half the lane beside A; its batch is estimated from its turns, not behind A's backlog
        given().auth().oauth2(b).when().get("/api/vendor/media/queue/stats").then().statusCode(200)
                .body("places.standard.waiting", org.hamcrest.Matchers.equalTo(4))
                .body("places.standard.otherVendors", org.hamcrest.Matchers.equalTo(1))
                .body("places.standard.share", org.hamcrest.Matchers.equalTo(0.5f));
        // the operators see the whole lane: A's 26 and B's 4 waiting, A's 4 in the fleet, two vendors at half each
        String admin = Devstack.shared().oidc().adminToken("operators");
        given().auth().oauth2(admin).when().get("/api/vendor/media/admin/queue").then().statusCode(200)
                .body("lanes.standard.waiting", org.hamcrest.Matchers.equalTo(30))
                .body("lanes.standard.inFleet", org.hamcrest.Matchers.equalTo(4))
                .body("lanes.standard.vendorsWaiting", org.hamcrest.Matchers.equalTo(2))
                .body("vendors.findAll { it.lane == 'standard' }.waiting", org.hamcrest.Matchers.contains(26, 4))
                .body("vendors.findAll { it.lane == 'standard' }.share", org.hamcrest.Matchers.contains(0.5f, 0.5f));
        given().auth().oauth2(b).when().get("/api/vendor/media/admin/queue").then().statusCode(403);
        long smallLeft = ((Number) given().auth().oauth2(b).when().get(BATCHES + "/" + small).then().statusCode(200)
                .extract().path("estimatedSecondsLeft")).longValue();
        long backlogLeft = ((Number) given().auth().oauth2(a).when().get(BATCHES + "/" + backlog).then().statusCode(200)
                .extract().path("estimatedSecondsLeft")).longValue();
        assertThat(smallLeft).as("B's estimate against A's").isPositive().isLessThan(backlogLeft / 2);
        List<String> order = new ArrayList<>();
        // two rounds of a fleet answering what it holds: each frees four places
        for (int round = 1; round <= 2; round++) {
            answerRound(backlog, small);
        }
        order.addAll(releasedSince(List.of(backlog, small), 4));
        assertThat(order).as("the eight jobs released after B came, by batch").hasSize(8);
        assertThat(order.stream().filter(small::equals).count()).as("B's jobs among them").isEqualTo(4);
        assertThat(Jobs.waiting(database, small)).isZero();

        // cancelling the backlog takes its waiting jobs out; its vendor's count goes with them
        given().auth().oauth2(a).when().delete(BATCHES + "/" + backlog).then().statusCode(200);
        assertThat(Jobs.waiting(database, backlog)).isZero();
        assertThat(waitingCount(vendorOf(backlog), "standard")).isZero();
        given().auth().oauth2(b).when().delete(BATCHES + "/" + small).then().statusCode(200);
    }

    @Test
    void aVendorWithThreeTimesTheWeightGetsThreeTimesTheJobs() throws Exception {
        String heavyName = "heavy-" + UUID.randomUUID().toString().substring(0, 8);
        setWeight(studio.common.tenancy.Claims.vendorIdFor(heavyName), 3);
        String heavy = Devstack.shared().oidc().vendorToken(heavyName);
        String light = token("light");
        String heavyBatch = post(heavy, 60, "bulk");
        await().atMost(WAIT).until(() -> released(heavyBatch).size() == 4);
        String lightBatch = post(light, 60, "bulk");
        for (int round = 1; round <= 6; round++) {
            answerRound(heavyBatch, lightBatch);
        }
        List<String> order = releasedSince(List.of(heavyBatch, lightBatch), 4);
        assertThat(order).hasSize(24);
        long heavyShare = order.stream().filter(heavyBatch::equals).count();
        // stride scheduling: the light vendor joined at the lane's virtual time, then 3 to 1
        assertThat(heavyShare).as("the heavy vendor's jobs among 24 released while both waited").isBetween(17L, 19L);
        // the lane's places go back for the other tests
        given().auth().oauth2(heavy).when().delete(BATCHES + "/" + heavyBatch).then().statusCode(200);
        given().auth().oauth2(light).when().delete(BATCHES + "/" + lightBatch).then().statusCode(200);
    }

    @Test
    void anUrgentImagePassesALaneFullOfOtherWork() throws Exception {
        String busy = token("busy");
        String backlog = post(busy, 30, "normal");
        await().atMost(WAIT).until(() -> Jobs.waiting(database, backlog) < 30);
        String urgent = token("urgent");
        String itemId = given().auth().oauth2(urgent).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompt", "A bottle of Blue Dream tincture on marble").encode())
                .when().post("/api/vendor/media/generate").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).until(() -> topicOf(itemId) != null);
        assertThat(topicOf(itemId)).isEqualTo("studio.generation.jobs.interactive");
        assertThat(Jobs.waiting(database, backlog)).as("the standard lane still has work waiting").isPositive();
        given().auth().oauth2(busy).when().delete(BATCHES + "/" + backlog).then().statusCode(200);
    }

    private String token(String name) {
        return Devstack.shared().oidc().vendorToken(name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A batch of {@code rows} rows at a priority; answers its id. */
    private String post(String token, int rows, String priority) {
        JsonArray rendered = new JsonArray();
        JsonArray values = new JsonArray();
        for (int i = 0; i < rows; i++) {
            rendered.add(new JsonObject().put("row", i).put("prompt", "Product " + i).put("missing", new JsonArray())
                    .put("unknown", new JsonArray()));
            values.add(new JsonObject().put("product_name", "Product " + i));
        }
        PeersWireMock.templateRenders(1, rendered.encode(), 0);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(new JsonObject().put("templateId", UUID.randomUUID().toString())
                .put("priority", priority).put("rows", values).encode())
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
    }

    private List<JsonObject> released(String batchId) throws SQLException {
        return Jobs.released(database, batchId);
    }

    /**
     * A fleet's round: the jobs of both batches it holds (released, not answered) are answered, and
     * each frees a place for one more job, released in the vendors' turns.
     */
    private void answerRound(String first, String second) throws SQLException {
        int before = released(first).size() + released(second).size();
        Map<String, List<JsonObject>> held = new java.util.LinkedHashMap<>();
        for (String batchId : List.of(first, second)) {
            List<JsonObject> open = new ArrayList<>();
            for (JsonObject job : released(batchId)) {
                if (open(job.getString("itemId"))) {
                    open.add(job);
                }
            }
            held.put(batchId, open);
        }
        int holding = held.values().stream().mapToInt(List::size).sum();
        assertThat(holding).as("the jobs the fleet holds").isEqualTo(4);
        held.forEach((batchId, open) -> Jobs.complete(open, batchId, new BigDecimal("0.01"), "openai"));
        await().atMost(WAIT).until(() -> released(first).size() + released(second).size() == before + holding);
    }

    /** The batches of the jobs released after the first {@code skip} of these batches' jobs, in release order. */
    private List<String> releasedSince(List<String> batchIds, int skip) throws SQLException {
        List<String> order = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT cast(payload AS jsonb) ->> 'batchId' FROM outbox_event WHERE type = 'generation.requested'"
                        + " AND cast(payload AS jsonb) ->> 'batchId' = ANY (?) ORDER BY occurred_at, id")) {
            query.setArray(1, c.createArrayOf("text", batchIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    order.add(rows.getString(1));
                }
            }
        }
        return order.subList(Math.min(skip, order.size()), order.size());
    }

    private boolean open(String itemId) throws SQLException {
        return "pending".equals(single("SELECT status FROM generation_items WHERE id = cast(? AS uuid)", itemId))
                || "processing".equals(single("SELECT status FROM generation_items WHERE id = cast(? AS uuid)", itemId));
    }

    private String topicOf(String itemId) throws SQLException {
        return single("SELECT aggregate_type FROM outbox_event WHERE type = 'generation.requested' AND aggregate_id = ?", itemId);
    }

    private UUID vendorOf(String batchId) throws SQLException {
        return UUID.fromString(single("SELECT cast(vendor_id AS text) FROM generation_batches WHERE id = cast(? AS uuid)", batchId));
    }

    private int waitingCount(UUID vendorId, String lane) throws SQLException {
        String n = single("SELECT cast(waiting AS text) FROM vendor_lanes WHERE vendor_id = cast(? AS uuid) AND lane = '" + lane + "'",
                vendorId.toString());
        return n == null ? 0 : Integer.parseInt(n);
    }

    private void setWeight(UUID vendorId, double weight) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement update = c.prepareStatement(
                "INSERT INTO vendor_plans (vendor_id, weight) VALUES (?, ?) ON CONFLICT (vendor_id) DO UPDATE SET weight = excluded.weight")) {
            update.setObject(1, vendorId);
            update.setDouble(2, weight);
            update.executeUpdate();
        }
    }

    private String single(String sql, String parameter) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
