package studio.worker.batchapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Pricing;
import studio.common.catalog.Usage;
import studio.common.events.CloudEventHeaders;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.openai.OpenAiStub;
import studio.devstack.openai.StubFailure;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.TopicWriter;
import studio.worker.storage.ObjectStorage;

/**
 * The bulk lane through the Batch API, against the stub's Files and Batches endpoints and real Kafka,
 * PostgreSQL and S3: bulk jobs are sent as one provider batch at half price, refused lines fail their
 * items, other lanes stay synchronous, and a redelivered job whose image is stored sends nothing.
 */
@QuarkusTest
@TestProfile(BatchApiTest.Enabled.class)
@WithTestResource(value = DevstackResource.class, initArgs = { @ResourceArg(name = "database", value = "worker"),
        @ResourceArg(name = "s3", value = "true"), @ResourceArg(name = "openai", value = "true") })
class BatchApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("studio.worker.batch-api.enabled", "true", "studio.worker.batch-api.gather", "3s",
                    "studio.worker.batch-api.poll-interval", "300ms", "studio.worker.batch-api.lease", "5s");
        }
    }

    private final OpenAiStub stub = Devstack.shared().openAi();

    @Inject
    BatchApiLane lane;

    @Inject
    ObjectStorage storage;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void bulkJobsGoAsOneProviderBatchAtItsPriceWhileOtherLanesStaySynchronous() {
        String run = UUID.randomUUID().toString();
        stub.behaviour().failPromptsContaining("forbidden " + run, StubFailure.CONTENT_POLICY);
        stub.batchLatency(Duration.ofSeconds(1));
        GenerationJob first = job(Lane.BULK, "Bulk jar one " + run);
        GenerationJob second = job(Lane.BULK, "Bulk jar two " + run);
        GenerationJob refused = job(Lane.BULK, "forbidden " + run);
        GenerationJob interactive = job(Lane.INTERACTIVE, "Interactive jar " + run);
        submit(List.of(first, second, refused, interactive));

        Map<UUID, JsonObject> results = awaitResults(List.of(first, second, refused, interactive));
        assertThat(stub.batchesCreated()).isEqualTo(1);
        assertThat(stub.batchRequests()).isEqualTo(3);
        assertThat(stub.stats().successesFor(first.prompt())).as("no synchronous call for a bulk job").isZero();
        assertThat(stub.stats().successesFor(interactive.prompt())).isEqualTo(1);

        JsonObject done = results.get(first.itemId());
        assertThat(done.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(done.getString("costBasis")).isEqualTo("batch");
        // half the synchronous price of the same usage
        Usage usage = done.getJsonObject("usage").mapTo(Usage.class);
        BigDecimal full = ModelCatalog.builtIn().find("gpt-image-2").orElseThrow().pricing().costOf(usage, first.parameters()).usd();
        assertThat(new BigDecimal(done.getValue("costUsd").toString())).isEqualByComparingTo(full.divide(BigDecimal.valueOf(2)).setScale(Pricing.SCALE, java.math.RoundingMode.HALF_UP));
        assertThat(storage.exists(done.getString("imageKey"))).isTrue();
        assertThat(storage.exists(done.getString("thumbnailKey"))).isTrue();
        assertThat(results.get(interactive.itemId()).getString("costBasis")).isEqualTo("usage");

        JsonObject failed = results.get(refused.itemId());
        assertThat(failed.getString("ce_type")).isEqualTo(GenerationResult.Failed.TYPE);
        assertThat(failed.getString("errorCode")).isEqualTo("content_policy_violation");
        await().atMost(WAIT).untilAsserted(() -> assertThat(lane.held().await().atMost(WAIT)).isEmpty());
        io.restassured.RestAssured.given().auth().oauth2(Devstack.shared().oidc().vendorToken("operator")).when().get("/api/worker/status")
                .then().statusCode(200).body("batchApi.enabled", org.hamcrest.Matchers.equalTo(true))
                .body("batchApi.jobs.size()", org.hamcrest.Matchers.equalTo(0));

        // the same job again (a redelivery): its image is stored, so no second batch; the answer reports the charge of
        // the first (the Batch API's), which the ledger keeps once per item and attempt
        submit(List.of(first));
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            List<ConsumerRecord<String, String>> again = reader.readUntil(r -> first.itemId().toString().equals(r.key()),
                    f -> f.size() >= 2, WAIT);
            JsonObject original = new JsonObject(again.get(0).value());
            JsonObject redelivered = new JsonObject(again.get(again.size() - 1).value());
            assertThat(redelivered.getString("costBasis")).isEqualTo("batch");
            assertThat(new java.math.BigDecimal(redelivered.getValue("costUsd").toString()))
                    .isEqualByComparingTo(new java.math.BigDecimal(original.getValue("costUsd").toString()));
        }
        assertThat(stub.batchesCreated()).isEqualTo(1);
    }

    @Test
    void jobsOfABatchThatExpiredAreSentAgainOnceThenFailed() {
        String run = UUID.randomUUID().toString();
        stub.expireNextBatches(1);
        GenerationJob late = job(Lane.BULK, "Late jar " + run);
        submit(List.of(late));
        JsonObject result = awaitResults(List.of(late)).get(late.itemId());
        assertThat(result.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.batchesCreated()).as("the expired batch and the one sent again").isEqualTo(2);

        // with the one resubmission spent, a second expiry fails the item with a message
        stub.expireNextBatches(2);
        GenerationJob lost = job(Lane.BULK, "Lost jar " + run);
        submit(List.of(lost));
        JsonObject failed = awaitResults(List.of(lost)).get(lost.itemId());
        assertThat(failed.getString("ce_type")).isEqualTo(GenerationResult.Failed.TYPE);
        assertThat(failed.getString("errorCode")).isEqualTo("batch_expired");
        assertThat(failed.getString("errorMessage")).contains("did not answer");
        await().atMost(WAIT).untilAsserted(() -> assertThat(lane.held().await().atMost(WAIT)).isEmpty());
    }

    @Test
    void aLineRefusedForTheAccountKeepsItsJobWhichCompletesOnceTheAccountIsBack() {
        String run = UUID.randomUUID().toString();
        stub.behaviour().failPromptsContaining("quota " + run, StubFailure.INSUFFICIENT_QUOTA);
        GenerationJob job = job(Lane.BULK, "Out of quota " + run);
        submit(List.of(job));
        // answered 429 insufficient_quota in the first provider batch: the job is kept, gathering again
        await().atMost(WAIT).until(() -> stub.batchesCreated() == 1 && Map.of("gathering", 1L).equals(lane.held().await().atMost(WAIT)));

        stub.behaviour().reset();
        JsonObject result = awaitResults(List.of(job)).get(job.itemId());
        assertThat(result.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.batchesCreated()).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(lane.held().await().atMost(WAIT)).isEmpty());
    }

    @Test
    void aDatabaseFailureAfterTheProviderBatchWasCreatedSendsNoSecondBatch() {
        String run = UUID.randomUUID().toString();
        // the worker database refuses to record provider batches, as if it failed right after the create
        sql("CREATE OR REPLACE FUNCTION refuse_batch_record() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'database failure (test)'; END $$"
                + " LANGUAGE plpgsql");
        sql("CREATE TRIGGER refuse_batch_record BEFORE INSERT ON batch_api_batches FOR EACH ROW EXECUTE FUNCTION refuse_batch_record()");
        try {
            List<GenerationJob> jobs = List.of(job(Lane.BULK, "Unrecorded one " + run), job(Lane.BULK, "Unrecorded two " + run));
            submit(jobs);
            await().atMost(WAIT).until(() -> stub.batchesCreated() == 1);
            // the sender gave up recording, and its lease ran out: from here on, another try could send them again
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM batch_api_jobs WHERE status = 'submitting' AND leased_until < now()") == 2);
            sql("DROP TRIGGER refuse_batch_record ON batch_api_batches");

            Map<UUID, JsonObject> results = awaitResults(jobs);
            assertThat(results.values()).allSatisfy(r -> assertThat(r.getString("ce_type")).isEqualTo(GenerationResult.Completed.TYPE));
            assertThat(stub.batchesCreated()).as("the batch was found by its metadata, not created again").isEqualTo(1);
            assertThat(stub.batchRequests()).isEqualTo(2);
        } finally {
            sql("DROP TRIGGER IF EXISTS refuse_batch_record ON batch_api_batches");
        }
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(WAIT);
    }

    private long count(String query) {
        return pool.query(query).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static GenerationJob job(Lane lane, String prompt) {
        return new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, lane, prompt, "gpt-image-2",
                Map.of("quality", "low"), null);
    }

    private static void submit(List<GenerationJob> jobs) {
        try (TopicWriter writer = new TopicWriter()) {
            for (GenerationJob job : jobs) {
                writer.send(job.topic(), job.itemId().toString(), job.type(), JsonObject.mapFrom(job).encode());
            }
        }
    }

    /** The first result of each job, by item. */
    private static Map<UUID, JsonObject> awaitResults(List<GenerationJob> jobs) {
        List<String> keys = jobs.stream().map(j -> j.itemId().toString()).toList();
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            List<ConsumerRecord<String, String>> found = reader.readUntil(r -> keys.contains(r.key()),
                    f -> f.stream().map(ConsumerRecord::key).distinct().count() == keys.size(), WAIT);
            Map<UUID, JsonObject> byItem = new java.util.HashMap<>();
            for (ConsumerRecord<String, String> r : found) {
                byItem.putIfAbsent(UUID.fromString(r.key()),
                        new JsonObject(r.value()).put("ce_type", CloudEventHeaders.read(r.headers()).get(CloudEventHeaders.TYPE)));
            }
            return byItem;
        }
    }
}
