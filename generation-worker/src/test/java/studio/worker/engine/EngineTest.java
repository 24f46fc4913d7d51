package studio.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.events.CloudEventHeaders;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.ProviderEvent;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.openai.OpenAiStub;
import studio.devstack.openai.StubFailure;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.TopicWriter;
import studio.worker.ratelimit.FleetRateLimiter;

/** The engine against the stub and real Kafka and PostgreSQL: calls in flight, retry-after, account pauses, the fleet's limit. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = { @ResourceArg(name = "database", value = "worker"),
        @ResourceArg(name = "s3", value = "true"), @ResourceArg(name = "openai", value = "true") })
class EngineTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final OpenAiStub stub = Devstack.shared().openAi();

    @Inject
    FleetRateLimiter limiter;

    @Inject
    studio.worker.ratelimit.PauseGauges pauseGauges;

    @Inject
    Pool pool;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void slowCallsRunManyAtOnceInOneWorker() {
        stub.behaviour().latency(Duration.ofSeconds(2));
        List<GenerationJob> jobs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jobs.add(job("In flight " + i + " " + UUID.randomUUID(), "gpt-image-2"));
        }
        submit(jobs);
        awaitResults(jobs);
        // one at a time would have been 1; the worker keeps up to studio.worker.max-in-flight (256) going
        assertThat(stub.stats().maxInFlight()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aRateLimitAnswerIsRetriedAfterItsRetryAfterAndPausesTheFleetMeanwhile() {
        stub.behaviour().failNext(StubFailure.RATE_LIMIT, 1, 2);
        GenerationJob job = job("Throttled " + UUID.randomUUID(), "gpt-image-2");
        submit(List.of(job));
        JsonObject result = awaitResults(List.of(job)).get(0);

        assertThat(result.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.stats().answeredWith(429)).isEqualTo(1);
        List<Long> times = stub.stats().receivedTimes();
        assertThat(times).hasSize(2);
        assertThat(times.get(1) - times.get(0)).as("the retry waited for retry-after: 2 s").isGreaterThanOrEqualTo(2000);
        Row row = rateLimitRow("gpt-image-2");
        assertThat(row.getString("pause_reason")).isEqualTo("retry-after: rate_limit_exceeded");
    }

    @Test
    void aRefusedAccountPausesTheProviderAndAlertsInsteadOfFailingTheItem() {
        stub.behaviour().failNext(StubFailure.INVALID_API_KEY, 1, 0);
        GenerationJob job = job("Refused account " + UUID.randomUUID(), "gpt-image-2");
        submit(List.of(job));

        // the pause (3 s in tests) ends, one job probes the provider again, and the item completes
        JsonObject result = awaitResults(List.of(job)).get(0);
        assertThat(result.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.stats().answeredWith(401)).isEqualTo(1);
        try (TopicReader results = new TopicReader(Topics.GENERATION_RESULTS)) {
            assertThat(results.readFor(r -> job.itemId().toString().equals(r.key()), Duration.ofSeconds(1)))
                    .extracting(EngineTest::typeOf).containsExactly(GenerationResult.Completed.TYPE);
        }
        try (TopicReader alerts = new TopicReader(Topics.ALERTS)) {
            List<ConsumerRecord<String, String>> paused = alerts.readUntil(r -> ProviderEvent.Paused.TYPE.equals(typeOf(r)),
                    found -> !found.isEmpty(), WAIT);
            JsonObject alert = new JsonObject(paused.get(paused.size() - 1).value());
            assertThat(alert.getString("code")).isEqualTo("invalid_api_key");
            assertThat(alert.getString("model")).isEqualTo("gpt-image-2");
        }
    }

    @Test
    void theFleetsLimitSpacesPermitsEvenlyInTheDatabase() {
        // gpt-image-1-mini is limited to 120 a minute in tests: one permit every 0.505 s (1% headroom), which
        // may come up to 0.3 s early (30 s x the headroom)
        String account = "test-account-" + UUID.randomUUID();
        FleetRateLimiter.Answer first = limiter.tryAcquire(account, "gpt-image-1-mini").await().atMost(WAIT);
        FleetRateLimiter.Answer second = limiter.tryAcquire(account, "gpt-image-1-mini").await().atMost(WAIT);
        assertThat(first.granted()).isTrue();
        assertThat(second.granted()).isFalse();
        assertThat(second.delay()).isBetween(Duration.ofMillis(150), Duration.ofMillis(206));
        // unlimited models are only paused, never spaced
        String other = "test-account-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(other, "gpt-image-2").await().atMost(WAIT).granted()).isTrue();
        }
        // a limit the provider announces that is lower than ours wins
        limiter.learn(other, "gpt-image-2", 60, 59, Duration.ofSeconds(1)).await().atMost(WAIT);
        assertThat(limiter.tryAcquire(other, "gpt-image-2").await().atMost(WAIT).granted()).isTrue();
        FleetRateLimiter.Answer spaced = limiter.tryAcquire(other, "gpt-image-2").await().atMost(WAIT);
        assertThat(spaced.granted()).isFalse();
        assertThat(spaced.delay()).isBetween(Duration.ofMillis(650), Duration.ofMillis(711));
        // and an exhausted window pauses until its reset
        String third = "test-account-" + UUID.randomUUID();
        limiter.learn(third, "gpt-image-2", null, 0, Duration.ofSeconds(3)).await().atMost(WAIT);
        FleetRateLimiter.Answer paused = limiter.tryAcquire(third, "gpt-image-2").await().atMost(WAIT);
        assertThat(paused.granted()).isFalse();
        assertThat(paused.pauseReason()).isEqualTo("rate limit window exhausted");
        // the caller asks again within a second (an operator's resume then ends its wait), the pause itself lasts until the reset
        assertThat(paused.delay()).isEqualTo(studio.worker.ratelimit.FleetRateLimiter.PAUSE_RECHECK);
        java.time.Instant until = limiter.states().await().atMost(WAIT).stream().filter(k -> third.equals(k.account())).findFirst()
                .orElseThrow().pausedUntil();
        assertThat(Duration.between(java.time.Instant.now(), until)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(3010));
    }

    @Test
    void aFleetThatAsksALittleLateStillGetsTheWholeLimitAndNeverMore() throws InterruptedException {
        // 600 a minute: one permit every 101 ms (1% headroom), each up to one spacing early; a replica asks
        // 20 ms after it was told to, as a busy timer would
        String account = "test-account-" + UUID.randomUUID();
        limiter.learn(account, "gpt-image-2", 600, 599, Duration.ofSeconds(1)).await().atMost(WAIT);
        double spacing = 0.101;
        java.util.List<Long> grants = new java.util.ArrayList<>();
        while (grants.size() < 30) {
            FleetRateLimiter.Answer answer = limiter.tryAcquire(account, "gpt-image-2").await().atMost(WAIT);
            if (answer.granted()) {
                grants.add(System.nanoTime());
            } else {
                Thread.sleep(answer.delay().toMillis() + 20);
            }
        }
        double seconds = (grants.get(grants.size() - 1) - grants.get(0)) / 1e9;
        // late askers lose nothing: on average one permit per spacing, not per spacing + 20 ms
        assertThat(seconds / (grants.size() - 1)).isBetween(spacing - 0.004, spacing + 0.006);
        // and the k-th permit never comes before the first + k spacings - the tolerance (GCRA's bound), so that
        // no minute sees more than 1 + (60 s + 0.101 s) / 0.101 s = 596 permits of the 600
        for (int k = 1; k < grants.size(); k++) {
            assertThat((grants.get(k) - grants.get(0)) / 1e9).isGreaterThanOrEqualTo(k * spacing - spacing - 0.005);
        }
    }

    @Test
    void aRecordThatIsNoJobGoesToTheDeadLetterTopicAndTheOperatorsCountIt() {
        String admin = Devstack.shared().oidc().adminToken("operator-" + UUID.randomUUID());
        int before = io.restassured.RestAssured.given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                .body("lag.keySet()", org.hamcrest.Matchers.containsInAnyOrder("interactive", "standard", "bulk"))
                .extract().path("deadLetters");
        String key = UUID.randomUUID().toString();
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.jobs(Lane.BULK), key, GenerationJob.TYPE, "{not json");
        }
        try (TopicReader dlq = new TopicReader(Topics.GENERATION_DLQ)) {
            List<ConsumerRecord<String, String>> found = dlq.readUntil(r -> key.equals(r.key()), f -> !f.isEmpty(), WAIT);
            assertThat(found.get(0).value()).isEqualTo("{not json");
            assertThat(CloudEventHeaders.read(found.get(0).headers()).get("dlq_reason")).contains("malformed");
        }
        io.restassured.RestAssured.given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                .body("deadLetters", org.hamcrest.Matchers.equalTo(before + 1));
        assertThat(io.restassured.RestAssured.given().when().get("/q/metrics").then().extract().asString())
                .contains("studio_worker_dead_lettered_total{topic=\"studio.generation.jobs.bulk\"}");
    }

    @Test
    void theWorkerShowsItsMetricsAndAnOperatorResumesAPausedProvider() {
        GenerationJob job = job("Metered " + UUID.randomUUID(), "gpt-image-2");
        submit(List.of(job));
        awaitResults(List.of(job));
        String metrics = io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("studio_worker_results_total{outcome=\"completed\"").contains("studio_worker_in_flight")
                .contains("studio_worker_queued{lane=\"bulk\"").contains("studio_worker_provider_latency_seconds_count")
                .contains("studio_worker_rate_limit_wait_seconds_count").contains("studio_worker_cost_usd_total{model=\"gpt-image-2\",vendor=\"" + job.vendorId() + "\"}");

        String vendor = Devstack.shared().oidc().vendorToken("operator-" + UUID.randomUUID());
        io.restassured.RestAssured.given().auth().oauth2(vendor).when().post("/api/worker/providers/resume").then().statusCode(403);
        String admin = Devstack.shared().oidc().adminToken("operator-" + UUID.randomUUID());
        limiter.pause(rateLimitRow("gpt-image-2").getString("key").replaceFirst(":gpt-image-2$", ""), "gpt-image-2",
                java.time.Instant.now().plusSeconds(600), "test pause").await().atMost(WAIT);
        // the operators' gauge says so (it reads the database every 15 s; here at once), with the reason
        pauseGauges.refresh();
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(io.restassured.RestAssured.given().when().get("/q/metrics").then().extract().asString())
                .containsPattern("studio_worker_provider_paused\\{account=\"[^\"]+\",model=\"gpt-image-2\",reason=\"test pause\"\\} 1\\.0"));
        // a job that comes during the ten-minute pause waits; the operator's resume sets it going within seconds
        GenerationJob held = job("Held " + UUID.randomUUID(), "gpt-image-2");
        submit(List.of(held));
        try (TopicReader results = new TopicReader(Topics.GENERATION_RESULTS)) {
            assertThat(results.readFor(r -> held.itemId().toString().equals(r.key()), Duration.ofSeconds(3))).as("no result while paused").isEmpty();
        }
        io.restassured.RestAssured.given().auth().oauth2(admin).when().post("/api/worker/providers/resume?model=gpt-image-2").then()
                .statusCode(204);
        assertThat(rateLimitRow("gpt-image-2").getValue("paused_until")).isNull();
        long resumedAt = System.nanoTime();
        awaitResults(List.of(held));
        assertThat(Duration.ofNanos(System.nanoTime() - resumedAt)).as("the held job, after the resume").isLessThan(Duration.ofSeconds(30));
        try (TopicReader alerts = new TopicReader(Topics.ALERTS)) {
            alerts.readUntil(r -> ProviderEvent.Resumed.TYPE.equals(typeOf(r)), found -> !found.isEmpty(), WAIT);
        }
        io.restassured.RestAssured.given().auth().oauth2(admin).when().post("/api/worker/providers/resume?model=nope").then()
                .statusCode(400);
    }

    private Row rateLimitRow(String model) {
        return pool.preparedQuery("SELECT * FROM rate_limits WHERE key LIKE $1").execute(Tuple.of("openai:%:" + model))
                .await().atMost(WAIT).iterator().next();
    }

    private static GenerationJob job(String prompt, String model) {
        return new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD, prompt, model,
                Map.of("quality", "low"), null);
    }

    private static void submit(List<GenerationJob> jobs) {
        try (TopicWriter writer = new TopicWriter()) {
            for (GenerationJob job : jobs) {
                writer.send(job.topic(), job.itemId().toString(), job.type(), JsonObject.mapFrom(job).encode());
            }
        }
    }

    /** The last result of each job, in the jobs' order. */
    private static List<JsonObject> awaitResults(List<GenerationJob> jobs) {
        List<String> keys = jobs.stream().map(j -> j.itemId().toString()).toList();
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            List<ConsumerRecord<String, String>> found = reader.readUntil(r -> keys.contains(r.key()),
                    f -> f.stream().map(ConsumerRecord::key).distinct().count() == keys.size(), WAIT);
            return keys.stream().map(key -> {
                ConsumerRecord<String, String> last = found.stream().filter(r -> key.equals(r.key())).reduce((a, b) -> b).orElseThrow();
                return new JsonObject(last.value()).put("ce_type", typeOf(last));
            }).toList();
        }
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        return CloudEventHeaders.read(record.headers()).get(CloudEventHeaders.TYPE);
    }
}
