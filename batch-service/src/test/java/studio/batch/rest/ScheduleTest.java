package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.batch.service.Schedules;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicReader;

/**
 * Scheduled generation on real PostgreSQL and Kafka: a scheduled batch holds its jobs until it is
 * due, can be moved or cancelled meanwhile, and is released once even when several releasers look at
 * the same due batches at the same moment.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class ScheduleTest {

    private static final String BATCHES = "/api/vendor/media/generate/batch";
    private static final String WINDOW = "/api/vendor/media/off-peak-window";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String token = Devstack.shared().oidc().vendorToken("scheduler-" + UUID.randomUUID());

    @Inject
    AgroalDataSource database;

    @Inject
    Schedules schedules;

    @BeforeEach
    void peers() {
        PeersWireMock.reset();
        PeersWireMock.templateRenders(1, """
                [{"row": 0, "prompt": "Blue Dream at night", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "OG Kush at night", "missing": [], "unknown": []}]""", 0);
    }

    private String body(String schedule) {
        return "{\"templateId\": \"" + UUID.randomUUID() + "\", \"rows\": [{\"product_name\": \"Blue Dream\"}, {\"product_name\": \"OG Kush\"}]"
                + (schedule == null ? "" : ", " + schedule) + "}";
    }

    private String create(String schedule) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body(schedule))
                .when().post(BATCHES).then().statusCode(202).extract().path("id");
    }

    @Test
    void aScheduledBatchWaitsWithoutJobsThenIsReleasedOnTheBulkLane() throws Exception {
        Instant at = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        String id = create("\"scheduledFor\": \"" + at + "\"");

        given().auth().oauth2(token).when().get(BATCHES + "/" + id).then().statusCode(200)
                .body("status", equalTo("scheduled")).body("scheduledFor", equalTo(at.toString()))
                .body("config.priority", equalTo("bulk")).body("config.lane", equalTo("bulk"));
        assertThat(jobsPerItem(List.of(id))).isEmpty();
        try (TopicReader events = new TopicReader(Topics.BATCHES)) {
            JsonObject scheduled = new JsonObject(events.readUntil(r -> r.value().contains(id) && r.value().contains(at.toString()),
                    f -> !f.isEmpty(), WAIT).get(0).value());
            assertThat(scheduled.getString("scheduledFor")).isEqualTo(at.toString());
        }

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + id).then()
                .body("status", equalTo("pending")));
        assertThat(Instant.now()).isAfterOrEqualTo(at);
        try (TopicReader jobs = new TopicReader(Topics.jobs(Lane.BULK))) {
            List<ConsumerRecord<String, String>> found = jobs.readUntil(r -> r.value().contains(id), f -> f.size() == 2, WAIT);
            assertThat(found).extracting(r -> new JsonObject(r.value()).getString("prompt"))
                    .containsExactlyInAnyOrder("Blue Dream at night", "OG Kush at night");
        }
        assertThat(jobsPerItem(List.of(id))).hasSize(2).allSatisfy((item, jobs) -> assertThat(jobs).isEqualTo(1));
    }

    @Test
    void aScheduledBatchCanBeMovedToNowButNotOnceReleasedAndACancelledOneNeverRuns() throws Exception {
        String moved = create("\"scheduledFor\": \"" + Instant.now().plus(Duration.ofHours(2)) + "\", \"priority\": \"normal\"");
        String cancelled = create("\"scheduledFor\": \"" + Instant.now().plusSeconds(3) + "\"");

        given().auth().oauth2(token).when().delete(BATCHES + "/" + cancelled).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancelledImages", equalTo(2));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"scheduledFor\": \"" + Instant.now() + "\"}")
                .when().put(BATCHES + "/" + moved + "/schedule").then().statusCode(200).body("status", equalTo("scheduled"));

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + moved).then()
                .body("status", equalTo("pending")).body("config.lane", equalTo("standard")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"schedule\": \"off-peak\"}")
                .when().put(BATCHES + "/" + moved + "/schedule").then().statusCode(409)
                .body("type", equalTo("urn:studio:problem:batch-not-scheduled"));
        // the cancelled batch's time has passed too (the moved one was released after it)
        await().pollDelay(Duration.ofSeconds(4)).atMost(WAIT).until(() -> true);
        assertThat(jobsPerItem(List.of(cancelled))).isEmpty();
        assertThat(jobsPerItem(List.of(moved))).hasSize(2);
        given().auth().oauth2(token).when().get(BATCHES + "/" + cancelled).then().body("status", equalTo("cancelled"));
    }

    @Test
    void offPeakBatchesRunInTheVendorsWindow() {
        given().auth().oauth2(token).when().get(WINDOW).then().statusCode(200)
                .body("start", equalTo("01:00")).body("end", equalTo("06:00")).body("timeZone", equalTo("UTC"))
                .body("platformDefault", equalTo(true));

        // a window that starts in an hour: the batch waits for its start
        LocalTime inAnHour = LocalTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.MINUTES);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"start\": \"" + inAnHour + "\", \"end\": \"" + inAnHour.plusHours(2) + "\", \"timeZone\": \"UTC\"}")
                .when().put(WINDOW).then().statusCode(200).body("platformDefault", equalTo(false));
        String later = create("\"schedule\": \"off-peak\"");
        Instant due = Instant.parse(given().auth().oauth2(token).when().get(BATCHES + "/" + later).then()
                .body("status", equalTo("scheduled")).extract().path("scheduledFor"));
        assertThat(due.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(inAnHour);
        assertThat(due).isBetween(Instant.now(), Instant.now().plus(Duration.ofHours(1)));

        // a window (running past midnight, in another zone) that holds the present: the batch runs now
        LocalTime berlinNow = LocalTime.now(java.time.ZoneId.of("Europe/Berlin"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"start\": \"" + berlinNow.minusHours(1).truncatedTo(ChronoUnit.MINUTES) + "\", \"end\": \""
                        + berlinNow.minusHours(2).truncatedTo(ChronoUnit.MINUTES) + "\", \"timeZone\": \"Europe/Berlin\"}")
                .when().put(WINDOW).then().statusCode(200);
        String now = create("\"schedule\": \"off-peak\"");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get(BATCHES + "/" + now).then()
                .body("status", equalTo("pending")));

        given().auth().oauth2(token).when().delete(WINDOW).then().statusCode(200).body("platformDefault", equalTo(true));
    }

    @Test
    void badSchedulesAreRefusedAndNothingIsCreated() {
        long before = given().auth().oauth2(token).when().get(BATCHES).then().extract().jsonPath().getLong("total");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(body("\"scheduledFor\": \"" + Instant.now().minus(Duration.ofHours(1)) + "\""))
                .when().post(BATCHES).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("scheduledFor"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(body("\"scheduledFor\": \"" + Instant.now().plus(Duration.ofDays(91)) + "\", \"schedule\": \"weekend\""))
                .when().post(BATCHES).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("schedule", "schedule", "scheduledFor"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(body("\"scheduledFor\": \"tomorrow\""))
                .when().post(BATCHES).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("scheduledFor"));
        assertThat(given().auth().oauth2(token).when().get(BATCHES).then().extract().jsonPath().getLong("total")).isEqualTo(before);

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"start\": \"25:00\", \"end\": \"02:00\", \"timeZone\": \"Mars/Olympus\"}")
                .when().put(WINDOW).then().statusCode(400).body("errors.field", containsInAnyOrder("start", "timeZone"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"start\": \"02:00\", \"end\": \"02:00\", \"timeZone\": \"UTC\"}")
                .when().put(WINDOW).then().statusCode(400).body("errors.field", containsInAnyOrder("end"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().put(BATCHES + "/" + UUID.randomUUID() + "/schedule").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"schedule\": \"off-peak\"}")
                .when().put(BATCHES + "/" + UUID.randomUUID() + "/schedule").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.not(nullValue()));
    }

    @Test
    void releasersRacingForTheSameDueBatchesReleaseEachOnce() throws Exception {
        Instant at = Instant.now().plusSeconds(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(create("\"scheduledFor\": \"" + at + "\""));
        }
        await().atMost(WAIT).until(() -> !Instant.now().isBefore(at));
        // three releasers besides the service's own timer, each taking a few batches per transaction
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Callable<Integer> releaser = () -> {
                int released = 0;
                for (int round = 0; round < 20; round++) {
                    try {
                        released += VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> schedules.release(2))).size();
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }
                return released;
            };
            List<Future<Integer>> results = pool.invokeAll(List.of(releaser, releaser, releaser));
            for (Future<Integer> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(jobsPerItem(ids)).hasSize(24));
        assertThat(jobsPerItem(ids)).allSatisfy((item, jobs) -> assertThat(jobs).as("jobs of item %s", item).isEqualTo(1));
    }

    /** How many jobs each item of these batches has in the outbox (items without one are absent). */
    private Map<String, Integer> jobsPerItem(List<String> batchIds) throws SQLException {
        Map<String, Integer> jobs = new HashMap<>();
        try (Connection c = database.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT cast(payload AS jsonb) ->> 'itemId', count(*) FROM outbox_event WHERE type = 'generation.requested'"
                        + " AND cast(payload AS jsonb) ->> 'batchId' = ANY (?) GROUP BY 1")) {
            query.setArray(1, c.createArrayOf("text", batchIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    jobs.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return jobs;
    }
}
