package studio.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.common.events.Topics;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.ObjectStore;
import studio.devstack.openai.OpenAiStub;
import studio.devstack.openai.StubFailure;
import studio.devstack.testing.SseRecorder;
import studio.devstack.testing.TopicReader;
import studio.devstack.testing.WebhookReceiver;
import studio.devstack.testing.WebhookVerifier;

/**
 * The walking skeleton: one 25-row batch through the gateway and all five services, each a separate
 * process on real PostgreSQL, Kafka, S3 and JWT verification.
 */
class BatchThroughTheGatewayTest {

    private static final int ROWS = 25;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String LUXURY = "00000000-0000-4000-8000-000000000004";
    private static final String CARTOON = "00000000-0000-4000-8000-000000000001";

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void aBatchGoesThroughEveryServiceAndIsReportedOnlyToItsVendor() throws Exception {
        String vendorName = "acme-" + UUID.randomUUID();
        String vendor = platform.vendorToken(vendorName);
        String stranger = platform.vendorToken("stranger-" + UUID.randomUUID());

        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Strain card\", \"category\": \"product\","
                        + " \"promptText\": \"{product_name} cannabis flower, {strain_type} strain, studio lighting\"}")
                .when().post("/api/vendor/media/prompt-templates")
                .then().statusCode(201).extract().path("id");

        try (WebhookReceiver receiver = new WebhookReceiver();
                SseRecorder mine = new SseRecorder(URI.create(platform.gatewayUrl() + "/api/vendor/media/events"), vendor);
                SseRecorder theirs = new SseRecorder(URI.create(platform.gatewayUrl() + "/api/vendor/media/events"), stranger)) {
            String secret = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + receiver.url() + "\", \"description\": \"system test\"}")
                    .when().post("/api/vendor/media/webhooks")
                    .then().statusCode(201).extract().path("secret");
            assertThat(mine.status()).isEqualTo(200);
            assertThat(theirs.status()).isEqualTo(200);

            JsonArray rows = new JsonArray();
            IntStream.range(0, ROWS).forEach(i -> rows.add(new JsonObject().put("product_name", "Strain " + i)
                    .put("strain_type", i % 2 == 0 ? "indica" : "sativa")));
            JsonObject batchRequest = new JsonObject().put("name", "launch week").put("templateId", templateId)
                    .put("styleId", LUXURY).put("parameters", new JsonObject().put("size", "1024x1024").put("quality", "low"))
                    .put("rows", rows);
            String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON).body(batchRequest.encode())
                    .when().post("/api/vendor/media/generate/batch")
                    .then().statusCode(202).extract().path("id");

            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId)
                    .then().statusCode(200).body("status", equalTo("completed")));
            given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .body("totalImages", equalTo(ROWS)).body("completedImages", equalTo(ROWS)).body("failedImages", equalTo(0));

            assertStoredImages(Claims.vendorIdFor(vendorName));
            assertWebhooks(receiver, secret, batchId);

            eventually(() -> assertThat(mine.lines()).contains("event:batch.completed"));
            assertThat(mine.lines().stream().filter("event:batch.progress"::equals).count()).isBetween(1L, (long) ROWS);
            assertThat(mine.lines().stream().filter("event:item.completed"::equals).count()).isEqualTo(ROWS);
            assertThat(theirs.lines()).noneMatch(line -> line.contains(batchId));

            given().auth().oauth2(stranger).when().get("/api/vendor/media/generate/batch/" + batchId).then().statusCode(404);
            given().when().get("/api/vendor/media/generate/batch/" + batchId).then().statusCode(401);
        }
    }

    @Test
    void aBatchFromAForkedPublicTemplateShowsInItsStatsAndThePromptHistory() {
        String vendor = platform.vendorToken("forker-" + UUID.randomUUID());
        String fork = given().auth().oauth2(vendor)
                .when().post("/api/vendor/media/prompt-templates/10000000-0000-4000-8000-000000000001/fork")
                .then().statusCode(201).extract().path("id");
        JsonArray rows = new JsonArray().add(new JsonObject().put("product_name", "Blue Dream").put("category", "flower"))
                .add(new JsonObject().put("product_name", "Gelato").put("category", "flower"));
        String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body(new JsonObject().put("templateId", fork).put("rows", rows).encode())
                .when().post("/api/vendor/media/generate/batch")
                .then().statusCode(202).extract().path("id");

        eventually(() -> given().auth().oauth2(vendor)
                .when().get("/api/vendor/media/prompt-templates/" + fork + "/stats").then().statusCode(200)
                .body("usageCount", equalTo(1)).body("imagesAttempted", equalTo(2)).body("imagesSucceeded", equalTo(2)));
        eventually(() -> given().auth().oauth2(vendor)
                .when().get("/api/vendor/media/prompt-history?templateId=" + fork).then().statusCode(200)
                .body("total", equalTo(2)).body("items.status", org.hamcrest.Matchers.everyItem(equalTo("completed")))
                .body("items.batchId", org.hamcrest.Matchers.everyItem(equalTo(batchId)))
                .body("items.prompt", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("Gelato, flower product photo"))));
    }

    @Test
    void aBatchWithAMixOfStylesAndTuningRunsEndToEnd() {
        String vendor = platform.vendorToken("mixer-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Mixed\", \"category\": \"marketing\", \"promptText\": \"{product_name} gift box\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        JsonObject request = new JsonObject().put("templateId", templateId)
                .put("mix", new JsonArray().add(new JsonObject().put("styleId", CARTOON).put("weight", 60))
                        .add(new JsonObject().put("styleId", LUXURY).put("weight", 40)))
                .put("tuning", new JsonObject().put("quality", "hd").put("creativity", 80).put("negativePrompt", "text, watermark")
                        .put("seed", 5))
                .put("rows", new JsonArray().add(new JsonObject().put("product_name", "Gelato"))
                        .add(new JsonObject().put("product_name", "Zkittlez")));
        String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON).body(request.encode())
                .when().post("/api/vendor/media/generate/batch").then().statusCode(202)
                .body("config.conflicts[0].aspect", equalTo("mood"))
                .body("config.applied.setting", org.hamcrest.Matchers.hasItems("mix", "quality", "creativity", "negativePrompt", "seed"))
                .extract().path("id");

        eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId)
                .then().statusCode(200).body("status", equalTo("completed")).body("completedImages", equalTo(2)));
        eventually(() -> given().auth().oauth2(vendor)
                .when().get("/api/vendor/media/prompt-history?templateId=" + templateId).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.prompt", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("a blend of styles, strongest first: in vibrant cartoon style"),
                        org.hamcrest.Matchers.containsString("(60%, leading)"),
                        org.hamcrest.Matchers.endsWith("Avoid: text, watermark."))))
                .body("items.parameters.quality", org.hamcrest.Matchers.everyItem(equalTo("high")))
                .body("items.parameters.seed", org.hamcrest.Matchers.everyItem(equalTo(5))));
    }

    @Test
    void anOperatorSeesAPausedProviderThroughTheGatewayAndResumesItAndAVendorCannot() throws Exception {
        platform.ensureOwnWorker();
        String vendorId = "operators-" + UUID.randomUUID();
        String vendor = platform.vendorToken(vendorId);
        String admin = platform.adminToken(vendorId);
        // an image first, so that the fleet has called the default model
        String itemId = given().auth().oauth2(vendor).contentType(ContentType.JSON).body("{\"prompt\": \"a copper kettle on a stove\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(202).extract().path("id");
        eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/" + itemId).then()
                .body("status", equalTo("completed")));

        given().auth().oauth2(vendor).when().get("/api/worker/providers").then().statusCode(403)
                .contentType("application/problem+json").body("detail", equalTo("The fleet's state needs the admin role."));
        // only the operators' paths of the worker are reachable from outside
        given().auth().oauth2(admin).when().get("/api/worker/status").then().statusCode(404);

        JsonObject fleet = new JsonObject(given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                .extract().asString());
        assertThat(fleet.getString("provider")).isEqualTo("openai");
        JsonObject model = fleet.getJsonArray("models").stream().map(JsonObject.class::cast)
                .filter(m -> "gpt-image-2".equals(m.getString("model"))).findFirst().orElseThrow();
        assertThat(model.getBoolean("paused")).isFalse();

        // the account needs an operator: the fleet is paused for the model (as a 401 or insufficient_quota pauses it)
        String key = model.getString("account") + ":gpt-image-2";
        assertThat(Databases.execute("worker",
                "UPDATE rate_limits SET paused_until = now() + interval '10 minutes', pause_reason = 'insufficient_quota' WHERE key = ?", key))
                .isEqualTo(1);
        given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                .body("models.find { it.model == 'gpt-image-2' }.paused", equalTo(true))
                .body("models.find { it.model == 'gpt-image-2' }.pauseReason", equalTo("insufficient_quota"));
        given().auth().oauth2(vendor).when().post("/api/worker/providers/resume?model=gpt-image-2").then().statusCode(403);
        given().auth().oauth2(admin).when().post("/api/worker/providers/resume?model=gpt-image-2").then().statusCode(204);
        given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                .body("models.find { it.model == 'gpt-image-2' }.paused", equalTo(false))
                .body("models.find { it.model == 'gpt-image-2' }.pausedUntil", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theGalleryShowsPreviewsThePlatformGeneratedForAStyle() throws Exception {
        String admin = platform.adminToken("platform-" + UUID.randomUUID());
        String batchId = given().auth().oauth2(admin).when().post("/api/vendor/media/style-presets/" + LUXURY + "/previews")
                .then().statusCode(202).body("images", equalTo(3)).extract().path("batchId");
        String vendor = platform.vendorToken("browser-" + UUID.randomUUID());
        eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/style-presets/gallery?size=100")
                .then().statusCode(200)
                .body("items.find { it.style.id == '" + LUXURY + "' }.previews.batchId",
                        org.hamcrest.Matchers.hasItems(batchId, batchId, batchId)));
        String link = given().auth().oauth2(vendor).when().get("/api/vendor/media/style-presets/" + LUXURY + "/previews")
                .then().statusCode(200).extract().path("find { it.batchId == '" + batchId + "' }.imageUrl");
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        var image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(1024);
        // the previews went through batch-service like any batch, with the style applied to every prompt
        eventually(() -> given().auth().oauth2(admin).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                .statusCode(200).body("status", equalTo("completed")).body("config.styleId", equalTo(LUXURY)));
    }

    @Test
    void failedItemsAreRetriedAndARunningBatchIsCancelledWithTrueCounters() {
        OpenAiStub stub = Devstack.shared().openAi();
        String vendor = platform.vendorToken("lifecycle-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Bottle\", \"category\": \"product\", \"promptText\": \"{product_name} tincture bottle\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        String run = UUID.randomUUID().toString();
        try {
            // the provider refuses one prompt: that item fails, the others complete
            stub.behaviour().failPromptsContaining("Cursed " + run, StubFailure.CONTENT_POLICY);
            JsonArray rows = new JsonArray().add(new JsonObject().put("product_name", "Cursed " + run))
                    .add(new JsonObject().put("product_name", "Calm " + run)).add(new JsonObject().put("product_name", "Mint " + run));
            String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", templateId).put("rows", rows).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .body("status", equalTo("completed")).body("completedImages", equalTo(2)).body("failedImages", equalTo(1)));
            given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId + "/items?status=failed").then()
                    .body("items[0].prompt", org.hamcrest.Matchers.startsWith("Cursed " + run))
                    .body("items[0].errorMessage", org.hamcrest.Matchers.containsString("safety system"));

            // the provider accepts it now: a retry completes the batch
            stub.behaviour().reset();
            given().auth().oauth2(vendor).when().post("/api/vendor/media/generate/batch/" + batchId + "/retry").then().statusCode(202)
                    .body("retriedItems", equalTo(1));
            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .body("status", equalTo("completed")).body("completedImages", equalTo(3)).body("failedImages", equalTo(0)));

            // the ledger: three paid images from the stub's reported usage, the refusal at no cost,
            // four attempts in all; the vendor's month is this batch
            float batchCost = given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .extract().path("costUsd");
            org.assertj.core.api.Assertions.assertThat(batchCost).isPositive();
            given().auth().oauth2(vendor).when().get("/api/vendor/media/costs").then().statusCode(200)
                    .body("attempts", equalTo(4)).body("completed", equalTo(3)).body("failed", equalTo(1))
                    .body("failedUsd", equalTo(0f)).body("totalUsd", equalTo(batchCost));

            // a slow provider and a batch of twelve, cancelled once it runs
            stub.behaviour().latency(Duration.ofMillis(1500));
            JsonArray many = new JsonArray();
            IntStream.range(0, 12).forEach(i -> many.add(new JsonObject().put("product_name", "Slow " + i + " " + run)));
            String slowId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", templateId).put("rows", many).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + slowId).then()
                    .body("completedImages", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
            var cancelled = given().auth().oauth2(vendor).when().delete("/api/vendor/media/generate/batch/" + slowId).then()
                    .statusCode(200).body("status", equalTo("cancelled")).extract().jsonPath();
            int completed = cancelled.getInt("completedImages");
            int cancelledImages = cancelled.getInt("cancelledImages");
            assertThat(cancelledImages).isPositive();
            assertThat(completed + cancelled.getInt("failedImages") + cancelledImages).isEqualTo(12);

            // the worker skips what was cancelled: once the cancellation has reached it (through the outbox
            // and Kafka, a few seconds at most), no further prompt of the batch reaches the provider, although
            // at 1.5 s a call three more would have started by the second count if it did not skip
            LongSupplier called = () -> IntStream.range(0, 12)
                    .filter(i -> stub.stats().successesFor("Slow " + i + " " + run + " tincture bottle") > 0).count();
            // so the count settles (no new call for 4.5 s) short of all twelve
            assertThat(settled(called, Duration.ofMillis(4_500))).isLessThan(12L);
            given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + slowId).then()
                    .body("status", equalTo("cancelled")).body("completedImages", equalTo(completed))
                    .body("cancelledImages", equalTo(cancelledImages));
        } finally {
            stub.behaviour().reset();
        }
    }

    /**
     * BullMQ's stalled-job test, for this platform: a second worker joins, the first is killed with
     * kill -9 in the middle of a batch, and the second finishes it. Every item completes exactly once
     * in batch-service; no item is paid for twice; an item whose image the first worker had stored is
     * answered from storage, with no second call at the provider.
     */
    @Test
    void aWorkerKilledMidBatchLeavesItsJobsToAnotherAndNothingIsDoneTwice() throws Exception {
        OpenAiStub stub = Devstack.shared().openAi();
        String vendor = platform.vendorToken("crash-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Jar\", \"category\": \"product\", \"promptText\": \"{product_name} glass jar\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        platform.startWorker("survivor");
        // both workers hold partitions before the batch comes: this test is about a worker that dies, not
        // one that joins (a join moves partitions whose jobs the first worker may still hold: issue 18)
        awaitWorkersShareTheJobs(2);
        String run = UUID.randomUUID().toString();
        int rows = 30;
        try {
            // a provider answering in 0.8 s, and the fleet's limit of 2 calls a second: the batch takes ~15 s
            stub.behaviour().latency(Duration.ofMillis(800));
            JsonArray products = new JsonArray();
            IntStream.range(0, rows).forEach(i -> products.add(new JsonObject().put("product_name", "Crash " + i + " " + run)));
            String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", templateId).put("rows", products).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");

            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(vendor)
                    .when().get("/api/vendor/media/generate/batch/" + batchId).then().extract().<Integer>path("completedImages") >= 6);
            platform.killWorker();

            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .body("status", equalTo("completed")).body("completedImages", equalTo(rows)).body("failedImages", equalTo(0)));

            List<String> itemIds = new ArrayList<>();
            Map<String, String> promptOf = new java.util.HashMap<>();
            given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId + "/items?size=100").then()
                    .extract().jsonPath().getList("items", Map.class).forEach(item -> {
                        itemIds.add((String) item.get("id"));
                        promptOf.put((String) item.get("id"), (String) item.get("prompt"));
                    });
            assertThat(itemIds).hasSize(rows);
            Map<String, List<JsonObject>> results = new java.util.HashMap<>();
            try (TopicReader reader = new TopicReader(Topics.GENERATION_RESULTS)) {
                reader.readFor(r -> itemIds.contains(r.key()), Duration.ofSeconds(3))
                        .forEach(r -> results.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new JsonObject(r.value())));
            }
            int reused = 0;
            java.math.BigDecimal charged = java.math.BigDecimal.ZERO;
            for (String item : itemIds) {
                List<JsonObject> mine = results.getOrDefault(item, List.of());
                assertThat(mine).as("results of item " + item).isNotEmpty();
                // every answer reports one charge: a job redelivered after the kill whose image was stored is answered from
                // storage with the charge kept with the image (the ledger keeps it once per item and attempt)
                assertThat(mine.stream().map(r -> new java.math.BigDecimal(r.getValue("costUsd").toString()).stripTrailingZeros()).distinct())
                        .as("charges reported for " + item).hasSize(1);
                assertThat(mine).allSatisfy(r -> assertThat(r.getString("costBasis")).isEqualTo("usage"));
                charged = charged.add(new java.math.BigDecimal(mine.get(0).getValue("costUsd").toString()));
                if (mine.size() > 1) {
                    reused++;
                    // its image was stored before the kill: the provider was not called again
                    assertThat(stub.stats().successesFor(promptOf.get(item))).as("provider calls for " + item).isEqualTo(1);
                }
            }
            Number cost = given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then().extract()
                    .path("costUsd");
            assertThat(new java.math.BigDecimal(cost.toString())).as("the batch's cost: each image once").isEqualByComparingTo(charged);
            System.out.printf("crash test: %d of %d items were redelivered after the kill and answered from storage%n", reused, rows);
        } finally {
            stub.behaviour().reset();
        }
    }

    /** Until the workers' consumer group is stable with this many workers holding partitions of the standard lane. */
    private static void awaitWorkersShareTheJobs(int workers) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", Devstack.shared().kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var group = admin.describeConsumerGroups(List.of("generation-worker")).all().get().get("generation-worker");
                String standard = Topics.jobs(studio.common.events.Lane.STANDARD);
                return group.groupState() == org.apache.kafka.common.GroupState.STABLE && group.members().stream()
                        .filter(m -> m.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(standard))).count() == workers;
            });
        }
    }

    /**
     * Scheduled batches with two batch-service replicas: both look for due batches every second, and
     * each batch is released by one of them, once: one job per item, one release in the two logs.
     */
    @Test
    void scheduledBatchesAreReleasedOnceByTwoBatchServiceReplicas() throws Exception {
        String vendor = platform.vendorToken("schedule-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Tin\", \"category\": \"product\", \"promptText\": \"{product_name} in a tin\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        platform.startReplica("batch-service", "second");
        String run = UUID.randomUUID().toString();
        Instant due = Instant.now().plusSeconds(10);
        List<String> batchIds = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            JsonArray rows = new JsonArray().add(new JsonObject().put("product_name", "Tin " + b + "a " + run))
                    .add(new JsonObject().put("product_name", "Tin " + b + "b " + run));
            batchIds.add(given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", templateId).put("scheduledFor", due.toString()).put("rows", rows).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).body("status", equalTo("scheduled"))
                    .extract().path("id"));
        }
        for (String id : batchIds) {
            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + id).then()
                    .body("status", equalTo("completed")).body("completedImages", equalTo(2)));
        }
        try (java.sql.Connection db = Databases.connect("batch");
                java.sql.PreparedStatement jobs = db.prepareStatement("SELECT cast(payload AS jsonb) ->> 'itemId', count(*) FROM outbox_event"
                        + " WHERE type = 'generation.requested' AND cast(payload AS jsonb) ->> 'batchId' = ANY (?) GROUP BY 1")) {
            jobs.setArray(1, db.createArrayOf("text", batchIds.toArray()));
            Map<String, Integer> perItem = new java.util.HashMap<>();
            try (java.sql.ResultSet rows = jobs.executeQuery()) {
                while (rows.next()) {
                    perItem.put(rows.getString(1), rows.getInt(2));
                }
            }
            assertThat(perItem).hasSize(12).allSatisfy((item, count) -> assertThat(count).as("jobs of item " + item).isEqualTo(1));
        }
        List<String> releases = new ArrayList<>();
        for (String log : List.of("batch-service", "batch-service-second")) {
            batchIds.forEach(id -> releases.addAll(platform.logLines(log, "Released scheduled batch " + id)));
        }
        assertThat(releases).as("releases in both replicas' logs").hasSize(6);
    }

    /**
     * A product the vendor's shop publishes on studio.products, with auto-generation on: batch-service
     * renders the vendor's template through template-service with the platform's service token, the
     * worker makes the image, and the shop hears of it on studio.product-images.
     */
    @Test
    void aProductTheShopPublishesIsAutoGeneratedAndLinked() throws Exception {
        String vendorName = "shop-" + UUID.randomUUID();
        String vendor = platform.vendorToken(vendorName);
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Shelf\", \"category\": \"product\", \"promptText\": \"{product_name}, {strain_type}, on a shelf\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"autoGenerate\": true, \"templateId\": \"" + templateId + "\", \"parameters\": {\"quality\": \"low\"}}")
                .when().put("/api/vendor/media/products/generation-settings").then().statusCode(200);
        String externalId = "shop-sku-" + UUID.randomUUID();
        try (TopicReader linked = new TopicReader(Topics.PRODUCT_IMAGES)) {
            try (studio.devstack.testing.TopicWriter shop = new studio.devstack.testing.TopicWriter()) {
                var created = new studio.common.events.ProductEvent.Created(Claims.vendorIdFor(vendorName), externalId, "Purple Haze Jar",
                        "flower", "Sativa", "Acme", Map.of());
                shop.send(Topics.PRODUCTS, externalId, created.type(), JsonObject.mapFrom(created).encode());
            }
            JsonObject event = new JsonObject(linked.readUntil(r -> r.value().contains(externalId), f -> !f.isEmpty(), WAIT).get(0).value());
            assertThat(event.getString("match")).isEqualTo("product");
            String productId = event.getString("productId");
            given().auth().oauth2(vendor).when().get("/api/vendor/media/products/" + productId + "/images").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].status", equalTo("completed"))
                    .body("items[0].prompt", equalTo("Purple Haze Jar, Sativa, on a shelf"));
        }
    }

    /**
     * Webhooks survive failures: the receiver is down while a batch runs, so every delivery fails and
     * waits in notification-service's database; notification-service is restarted; the receiver comes
     * back; every event is then delivered, once per webhook-id, signed.
     */
    @Test
    void webhooksSurviveAReceiverOutageAndARestartOfNotificationService() throws Exception {
        String vendorName = "outage-" + UUID.randomUUID();
        String vendor = platform.vendorToken(vendorName);
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Tin\", \"category\": \"product\", \"promptText\": \"{product_name} in a tin\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        int rows = 5;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonObject subscription = new JsonObject(given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + receiver.url() + "\", \"eventTypes\": [\"item.completed\", \"batch.completed\"]}")
                    .when().post("/api/vendor/media/webhooks").then().statusCode(201).extract().asString());
            String deliveries = "/api/vendor/media/webhooks/" + subscription.getString("id") + "/deliveries";
            receiver.down();

            JsonArray products = new JsonArray();
            IntStream.range(0, rows).forEach(i -> products.add(new JsonObject().put("product_name", "Tin " + i)));
            String batchId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", templateId).put("rows", products).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
            eventually(() -> given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch/" + batchId).then()
                    .body("status", equalTo("completed")));
            // every event has failed at least once and waits for its next attempt
            eventually(() -> given().auth().oauth2(vendor).when().get(deliveries + "?status=pending").then().statusCode(200)
                    .body("total", equalTo(rows + 1))
                    .body("items.attempts", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.greaterThanOrEqualTo(1)))
                    .body("items.lastError", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue())));
            assertThat(receiver.received).isEmpty();

            platform.restart("notification-service");
            receiver.up();

            eventually(() -> assertThat(receiver.delivered()).hasSize(rows + 1));
            // and nothing is delivered twice afterwards
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> receiver.delivered().size() == rows + 1);
            List<WebhookVerifier.Received> delivered = receiver.delivered();
            Map<String, Long> perId = delivered.stream()
                    .collect(Collectors.groupingBy(w -> w.headers().get("webhook-id"), Collectors.counting()));
            assertThat(perId).as("deliveries per webhook-id").hasSize(rows + 1).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(WebhookVerifier.verify(subscription.getString("secret"), delivered)).allMatch("ok"::equals);
            assertThat(delivered.stream().map(w -> new JsonObject(w.body()).getString("type")).filter("item.completed"::equals))
                    .hasSize(rows);
            given().auth().oauth2(vendor).when().get(deliveries + "?status=succeeded").then().statusCode(200)
                    .body("total", equalTo(rows + 1))
                    .body("items.attempts", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.greaterThanOrEqualTo(2)));
        }
    }

    /** The value once it has not changed for {@code quiet} (polled every quarter second, for at most a minute). */
    private static long settled(LongSupplier value, Duration quiet) {
        AtomicLong last = new AtomicLong(value.getAsLong());
        AtomicReference<Instant> since = new AtomicReference<>(Instant.now());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            long now = value.getAsLong();
            if (now != last.getAndSet(now)) {
                since.set(Instant.now());
            }
            return Duration.between(since.get(), Instant.now()).compareTo(quiet) >= 0;
        });
        return last.get();
    }

    /** Waits for the assertion to hold; a timeout reports the services' last warnings and errors too. */
    private static void eventually(ThrowingRunnable assertion) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + platform.problems(), e);
        }
    }

    /** The vendor's images and thumbnails (its objects share its prefix; this vendor made one batch). */
    private static void assertStoredImages(UUID vendorId) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(Devstack.shared().objectStore().endpoint())
                .credentials(ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY).build();
        for (String kind : List.of("images", "thumbnails")) {
            List<String> keys = new ArrayList<>();
            for (var item : s3.listObjects(ListObjectsArgs.builder().bucket("studio-images")
                    .prefix(kind + "/" + vendorId + "/").recursive(true).build())) {
                keys.add(item.get().objectName());
            }
            assertThat(keys).as(kind).hasSize(ROWS);
            for (String key : keys) {
                try (var in = s3.getObject(GetObjectArgs.builder().bucket("studio-images").object(key).build())) {
                    var image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
                    assertThat(image).as(key).isNotNull();
                    int longest = Math.max(image.getWidth(), image.getHeight());
                    assertThat(longest).as(key).isEqualTo("images".equals(kind) ? 1024 : 256);
                }
            }
        }
    }

    private static void assertWebhooks(WebhookReceiver receiver, String secret, String batchId) {
        // created, started, one item.completed per item, completed; progress once per poll of results that moved the batch
        eventually(() -> assertThat(receiver.received.stream().map(w -> new JsonObject(w.body()).getString("type")))
                .filteredOn(type -> type.equals("item.completed") || type.equals("batch.completed")).hasSize(ROWS + 1));
        List<WebhookVerifier.Received> webhooks = List.copyOf(receiver.received);
        Map<String, Long> perId = webhooks.stream()
                .collect(Collectors.groupingBy(w -> w.headers().get("webhook-id"), Collectors.counting()));
        assertThat(perId).hasSize(webhooks.size()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(WebhookVerifier.verify(secret, webhooks)).hasSize(webhooks.size()).allMatch("ok"::equals);
        Map<String, Long> perType = webhooks.stream().map(w -> new JsonObject(w.body()))
                .peek(body -> assertThat(body.getJsonObject("data").getString("batchId")).isEqualTo(batchId))
                .collect(Collectors.groupingBy(body -> body.getString("type"), Collectors.counting()));
        assertThat(perType).containsEntry("batch.created", 1L).containsEntry("batch.started", 1L)
                .containsEntry("item.completed", (long) ROWS).containsEntry("batch.completed", 1L);
        assertThat(perType.get("batch.progress")).isBetween(1L, (long) ROWS);
        // the progress reported last in the batch's life counts every item
        assertThat(webhooks.stream().map(w -> new JsonObject(w.body())).filter(body -> body.getString("type").equals("batch.progress"))
                .mapToInt(body -> body.getJsonObject("data").getJsonObject("counters").getInteger("completed")).max().orElse(0))
                .isEqualTo(ROWS);
        assertThat(perType.keySet().stream().map(Function.identity()).toList()).hasSize(5);
    }
}
