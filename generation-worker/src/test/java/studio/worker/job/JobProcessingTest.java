package studio.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import studio.common.catalog.ModelCatalog;
import studio.common.events.BatchEvent;
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

/** Jobs in, results out, through the OpenAI provider against the devstack stub and real S3. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = { @ResourceArg(name = "database", value = "worker"),
        @ResourceArg(name = "s3", value = "true"), @ResourceArg(name = "openai", value = "true") })
class JobProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ObjectStorage storage;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private final OpenAiStub stub = Devstack.shared().openAi();

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void aJobIsGeneratedStoredWithItsThumbnailAndReported() throws Exception {
        GenerationJob job = job("Blue Dream on white " + UUID.randomUUID(), Map.of("size", "1536x1024", "quality", "low"));
        JsonObject result = submitAndAwaitResult(job);

        assertThat(typeOf(result)).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(result.getString("provider")).isEqualTo("openai");
        var image = ImageIO.read(new ByteArrayInputStream(storage.get(result.getString("imageKey"))));
        assertThat(image.getWidth()).isEqualTo(1536);
        var thumbnail = ImageIO.read(new ByteArrayInputStream(storage.get(result.getString("thumbnailKey"))));
        assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(256);
        JsonObject sent = stub.stats().recentRequests().get(0);
        assertThat(sent.getString("model")).isEqualTo("gpt-image-2");
        assertThat(sent.getString("output_format")).isEqualTo("png");
    }

    @Test
    void aJpegIsAskedForStoredAsJpegAndThumbnailsAreJpegUnlessTransparencyWasAsked() throws Exception {
        GenerationJob jpeg = job("Gelato jar " + UUID.randomUUID(), Map.of("quality", "low", "output_format", "jpeg", "output_compression", 80));
        JsonObject result = submitAndAwaitResult(jpeg);
        assertThat(stub.stats().recentRequests().get(0).getString("output_format")).isEqualTo("jpeg");
        assertThat(result.getString("imageKey")).endsWith(".jpg");
        assertThat(storage.get(result.getString("imageKey"))).startsWith(0xFF, 0xD8);
        assertThat(storage.describe(result.getString("imageKey"))).containsEntry("content-type", "image/jpeg")
                .hasEntrySatisfying("content-disposition", d -> assertThat(d).endsWith(".jpg\""));
        assertThat(result.getString("thumbnailKey")).endsWith(".jpg");
        assertThat(storage.get(result.getString("thumbnailKey"))).startsWith(0xFF, 0xD8);

        // an opaque PNG gets a JPEG thumbnail; a transparent one keeps a PNG thumbnail with its transparency
        JsonObject opaque = submitAndAwaitResult(job("Opaque jar " + UUID.randomUUID(), Map.of("quality", "low")));
        assertThat(opaque.getString("imageKey")).endsWith(".png");
        assertThat(storage.describe(opaque.getString("thumbnailKey"))).containsEntry("content-type", "image/jpeg");
        JsonObject clear = submitAndAwaitResult(job("Cut-out jar " + UUID.randomUUID(), Map.of("quality", "low", "background", "transparent")));
        assertThat(clear.getString("thumbnailKey")).endsWith(".png");
        var thumbnail = ImageIO.read(new ByteArrayInputStream(storage.get(clear.getString("thumbnailKey"))));
        assertThat(thumbnail.getColorModel().hasAlpha()).isTrue();
        assertThat(thumbnail.getRGB(1, 1) >>> 24).as("a corner outside the subject stays transparent").isZero();
    }

    @Test
    void theImageIsStoredUnderAKeyFromItsRequestWithItsProductsFileNameAndMetadata() {
        GenerationJob job = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Blue Dream cannabis flower, macro, trichomes – studio light " + UUID.randomUUID(), "gpt-image-2",
                Map.of("quality", "low", "seed", 7), "Blue Dream (Limited)");
        JsonObject result = submitAndAwaitResult(job);

        String key = result.getString("imageKey");
        assertThat(key).isEqualTo(ImageNames.of(job).imageKey()).startsWith("images/" + job.vendorId() + "/")
                .doesNotContain(job.itemId().toString()).matches("images/[0-9a-f-]{36}/[0-9a-f]{64}\\.png");
        Map<String, String> stored = storage.describe(key);
        assertThat(stored.get("content-disposition"))
                .matches("attachment; filename=\"blue-dream-limited-ai-generated-[0-9a-f]{8}\\.png\"");
        assertThat(stored).containsEntry("item-id", job.itemId().toString()).containsEntry("batch-id", job.batchId().toString())
                .containsEntry("model", "gpt-image-2").containsEntry("seed", "7").containsEntry("attempt", "1");
        assertThat(java.net.URLDecoder.decode(stored.get("prompt"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(job.prompt());
        // another attempt of the same item is another image
        GenerationJob retry = new GenerationJob(job.itemId(), job.batchId(), job.vendorId(), 2, job.lane(), job.prompt(), job.model(),
                job.parameters(), job.name());
        assertThat(ImageNames.of(retry).imageKey()).isNotEqualTo(key);
    }

    @Test
    void theProviderReceivesExactlyTheCatalogsRequestAndTheSeedStaysMetadata() {
        Map<String, Object> parameters = Map.of("size", "1024x1024", "quality", "high", "seed", 42);
        GenerationJob job = job("Seeded " + UUID.randomUUID(), parameters);
        JsonObject result = submitAndAwaitResult(job);
        assertThat(typeOf(result)).isEqualTo(GenerationResult.Completed.TYPE);

        // the cost is the reported usage at gpt-image-2's token rates: $5 per million text input
        // tokens, $30 per million image output tokens (4160 for a high-quality 1024x1024 image)
        JsonObject usage = result.getJsonObject("usage");
        assertThat(usage.getInteger("outputImageTokens")).isEqualTo(4160);
        int promptTokens = usage.getInteger("inputTextTokens");
        assertThat(promptTokens).isPositive();
        assertThat(new BigDecimal(result.getValue("costUsd").toString()))
                .isEqualByComparingTo(new BigDecimal(promptTokens * 5 + 4160 * 30).movePointLeft(6));
        assertThat(result.getString("costBasis")).isEqualTo("usage");

        JsonObject sent = stub.stats().recentRequests().get(0);
        assertThat(sent.getMap()).isEqualTo(ModelCatalog.builtIn().find("gpt-image-2").orElseThrow()
                .providerRequest(job.prompt(), parameters));
        assertThat(sent.containsKey("seed")).isFalse();
    }

    @Test
    void aRedeliveredJobIsNotGeneratedAgainAndReportsTheChargeOfItsAttempt() {
        GenerationJob job = job("Redelivered " + UUID.randomUUID(), Map.of());
        JsonObject first = submitAndAwaitResult(job);
        assertThat(typeOf(first)).isEqualTo(GenerationResult.Completed.TYPE);
        // as if its result had not been published: a worker that cannot publish gives its claim up
        pool.preparedQuery("DELETE FROM job_claims WHERE item_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(job.itemId()))
                .await().atMost(WAIT);
        JsonObject again = submitAndAwaitResult(job);
        assertThat(typeOf(again)).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
        // the image was paid once; its charge survives a redelivery (a result lost after storing still reaches the ledger,
        // which keeps one charge per item and attempt)
        assertThat(new BigDecimal(first.getValue("costUsd").toString())).isPositive();
        assertThat(new BigDecimal(again.getValue("costUsd").toString())).isEqualByComparingTo(new BigDecimal(first.getValue("costUsd").toString()));
        assertThat(again.getString("costBasis")).isEqualTo(first.getString("costBasis"));
        assertThat(again.getJsonObject("usage")).isEqualTo(first.getJsonObject("usage"));
    }

    @Test
    void aThumbnailStoredByAnEarlierVersionSendsTheRedeliveryToTheImageForItsCharge() {
        GenerationJob job = job("Stored earlier " + UUID.randomUUID(), Map.of());
        JsonObject first = submitAndAwaitResult(job);
        assertThat(typeOf(first)).isEqualTo(GenerationResult.Completed.TYPE);
        ImageNames names = ImageNames.of(job);
        assertThat(storage.metadata(names.thumbnailKey()).orElseThrow()).containsKey("cost-usd");
        // earlier versions wrote the thumbnail first and without the cost: the image then marked the job as stored
        storage.put(names.thumbnailKey(), storage.get(names.thumbnailKey()), "image/jpeg", Map.of(), ImageNames.metadata(job));
        assertThat(storage.metadata(names.thumbnailKey()).orElseThrow()).doesNotContainKey("cost-usd");
        pool.preparedQuery("DELETE FROM job_claims WHERE item_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(job.itemId()))
                .await().atMost(WAIT);

        JsonObject again = submitAndAwaitResult(job);
        assertThat(typeOf(again)).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
        assertThat(new BigDecimal(again.getValue("costUsd").toString())).isEqualByComparingTo(new BigDecimal(first.getValue("costUsd").toString()));
    }

    @Test
    void aContentPolicyRefusalFailsTheItemWithoutRetrying() {
        stub.behaviour().failPromptsContaining("forbidden-thing", StubFailure.CONTENT_POLICY);
        GenerationJob job = job("a forbidden-thing " + UUID.randomUUID(), Map.of());
        JsonObject result = submitAndAwaitResult(job);

        assertThat(typeOf(result)).isEqualTo(GenerationResult.Failed.TYPE);
        assertThat(result.getString("errorCode")).isEqualTo("content_policy_violation");
        assertThat(result.getString("errorMessage")).contains("safety system");
        assertThat(result.getString("costBasis")).isEqualTo("none");
        assertThat(stub.stats().requests()).isEqualTo(1);
    }

    @Test
    void aProviderThatHangsIsCutByTheTimeoutAndTheJobIsRetried() {
        // the read timeout is 5 s in tests (75 s by default)
        stub.behaviour().hang(true);
        GenerationJob job = job("Hung " + UUID.randomUUID(), Map.of());
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(job.topic(), job.itemId().toString(), job.type(), JsonObject.mapFrom(job).encode());
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> stub.stats().recentRequests().stream()
                .anyMatch(r -> job.prompt().equals(r.getString("prompt"))));
        // the call is held unanswered; once it has been cut, the provider answers again
        org.awaitility.Awaitility.await().atMost(WAIT).until(this::timedOut);
        stub.behaviour().hang(false);

        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            List<ConsumerRecord<String, String>> results = reader.readUntil(r -> job.itemId().toString().equals(r.key()),
                    f -> !f.isEmpty(), WAIT);
            assertThat(CloudEventHeaders.read(results.get(0).headers()).get(CloudEventHeaders.TYPE)).isEqualTo(GenerationResult.Completed.TYPE);
        }
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
    }

    /** Whether the worker has counted a provider call cut by its timeout. */
    private boolean timedOut() {
        return io.restassured.RestAssured.given().when().get("/q/metrics").then().extract().asString()
                .lines().anyMatch(l -> l.startsWith("studio_worker_provider_latency_seconds_count") && l.contains("outcome=\"timeout\""));
    }

    @Test
    void aServerErrorIsRetried() {
        stub.behaviour().failNext(StubFailure.SERVER_ERROR, 1, 1);
        GenerationJob job = job("Retried " + UUID.randomUUID(), Map.of());
        assertThat(typeOf(submitAndAwaitResult(job))).isEqualTo(GenerationResult.Completed.TYPE);
        assertThat(stub.stats().answeredWith(500)).isEqualTo(1);
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
    }

    @Inject
    CancelledBatches cancelledBatches;

    @Test
    void jobsOfACancelledBatchNeverReachTheProvider() {
        GenerationJob skipped = job("Cancelled " + UUID.randomUUID(), Map.of());
        var cancelled = new BatchEvent.Cancelled(skipped.batchId(), skipped.vendorId(), new BatchEvent.Counters(1, 0, 0, 1));
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.BATCHES, skipped.batchId().toString(), cancelled.type(), JsonObject.mapFrom(cancelled).encode());
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> cancelledBatches.contains(skipped.batchId()));

        // a job of another batch on the same partition (same key), after the cancelled one: once its
        // result is out, the cancelled job has been consumed
        GenerationJob marker = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Marker " + UUID.randomUUID(), "gpt-image-2", Map.of(), null);
        String key = skipped.itemId().toString();
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(skipped.topic(), key, skipped.type(), JsonObject.mapFrom(skipped).encode());
            writer.send(marker.topic(), key, marker.type(), JsonObject.mapFrom(marker).encode());
        }
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            reader.readUntil(r -> marker.itemId().toString().equals(r.key()), f -> !f.isEmpty(), WAIT);
        }
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            assertThat(reader.readFor(r -> key.equals(r.key()), Duration.ofSeconds(2))).isEmpty();
        }
        assertThat(stub.stats().recentRequests()).noneMatch(r -> skipped.prompt().equals(r.getString("prompt")));
        assertThat(stub.stats().successesFor(marker.prompt())).isEqualTo(1);
    }

    private static GenerationJob job(String prompt, Map<String, Object> parameters) {
        return new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD, prompt,
                "gpt-image-2", parameters, null);
    }

    private JsonObject submitAndAwaitResult(GenerationJob job) {
        String itemId = job.itemId().toString();
        int before;
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            before = reader.readFor(r -> itemId.equals(r.key()), Duration.ofMillis(300)).size();
        }
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(job.topic(), itemId, job.type(), JsonObject.mapFrom(job).encode());
        }
        try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
            List<ConsumerRecord<String, String>> results = reader.readUntil(r -> itemId.equals(r.key()), f -> f.size() > before, WAIT);
            ConsumerRecord<String, String> last = results.get(results.size() - 1);
            return new JsonObject(last.value()).put("ce_type", CloudEventHeaders.read(last.headers()).get(CloudEventHeaders.TYPE));
        }
    }

    private static String typeOf(JsonObject result) {
        return result.getString("ce_type");
    }
}
