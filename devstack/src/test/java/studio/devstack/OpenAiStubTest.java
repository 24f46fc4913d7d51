package studio.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;
import studio.devstack.openai.OpenAiStub;
import studio.devstack.openai.StubFailure;

class OpenAiStubTest {

    private static final OpenAiStub STUB = OpenAiStub.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        STUB.close();
    }

    @BeforeEach
    void reset() {
        STUB.reset();
    }

    @Test
    void answersAGptImageRequestWithARealPngAndUsage() throws Exception {
        HttpResponse<String> response = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "Blue Dream on white")
                .put("size", "1536x1024").put("quality", "low"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(response.body());
        byte[] png = Base64.getDecoder().decode(body.getJsonArray("data").getJsonObject(0).getString("b64_json"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1536);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(body.getString("size")).isEqualTo("1536x1024");
        assertThat(body.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(408);
        assertThat(body.getJsonObject("usage").getInteger("total_tokens")).isGreaterThan(408);
        assertThat(STUB.stats().successesFor("Blue Dream on white")).isEqualTo(1);
    }

    @Test
    void imagesAreTheProvidersSizeInBytesInTheFormatAndBackgroundAskedForOrFlatWhenAsked() throws Exception {
        byte[] png = image(new JsonObject().put("size", "1024x1024"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("a photo-like 1024x1024 PNG").isBetween(1_800_000, 3_500_000);

        byte[] jpeg = image(new JsonObject().put("size", "1024x1024").put("output_format", "jpeg"));
        assertThat(jpeg).startsWith(0xFF, 0xD8);
        assertThat(jpeg.length).as("its JPEG").isLessThan(png.length / 5);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(1024);

        var transparent = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                image(new JsonObject().put("size", "1024x1024").put("background", "transparent"))));
        assertThat(transparent.getColorModel().hasAlpha()).isTrue();
        assertThat(transparent.getRGB(2, 2) >>> 24).as("a corner, outside the subject").isZero();
        assertThat(transparent.getRGB(512, 512) >>> 24).as("the subject").isEqualTo(255);

        assertThat(control(new JsonObject().put("images", "flat")).statusCode()).isEqualTo(200);
        byte[] flat = image(new JsonObject().put("size", "1024x1024"));
        assertThat(flat.length).as("a flat image").isLessThan(50_000);
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(flat)).getWidth()).isEqualTo(1024);
        assertThat(control(new JsonObject().put("images", "huge")).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> control(JsonObject behaviour) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STUB.port() + "/__stub/behaviour"))
                .POST(HttpRequest.BodyPublishers.ofString(behaviour.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] image(JsonObject settings) throws Exception {
        HttpResponse<String> response = post(settings.put("model", "gpt-image-1").put("prompt", "Blue Dream on white").put("quality", "low"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Base64.getDecoder().decode(new JsonObject(response.body()).getJsonArray("data").getJsonObject(0).getString("b64_json"));
    }

    @Test
    void dallE3AnswersWithAUrlThatServesTheImage() throws Exception {
        HttpResponse<String> response = post(new JsonObject().put("model", "dall-e-3").put("prompt", "a cat"));
        String url = new JsonObject(response.body()).getJsonArray("data").getJsonObject(0).getString("url");
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void theNewerModelsTakeTheirOwnQualitiesAndSettingsAndNoOtherModelDoes() throws Exception {
        HttpResponse<String> flare = post(new JsonObject().put("model", "gpt-image-2.6-flare").put("prompt", "x")
                .put("quality", "xhigh").put("complexity", "high"));
        assertThat(flare.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(flare.body()).getString("quality")).isEqualTo("xhigh");
        assertThat(post(new JsonObject().put("model", "gpt-image-2.5-sunburst").put("prompt", "x").put("quality", "max"))
                .statusCode()).isEqualTo(200);

        HttpResponse<String> oldQuality = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "x").put("quality", "xhigh"));
        assertThat(oldQuality.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(oldQuality.body()).getJsonObject("error").getString("param")).isEqualTo("quality");
        HttpResponse<String> noComplexity = post(new JsonObject().put("model", "gpt-image-2.5-flare").put("prompt", "x")
                .put("complexity", "low"));
        assertThat(new JsonObject(noComplexity.body()).getJsonObject("error").getString("param")).isEqualTo("complexity");
        assertThat(post(new JsonObject().put("model", "gpt-image-2.6-sunburst").put("prompt", "x").put("complexity", "extreme"))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void refusesWhatOpenAiRefuses() throws Exception {
        HttpResponse<String> seed = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "x").put("seed", 42));
        assertThat(seed.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(seed.body()).getJsonObject("error").getString("message"))
                .isEqualTo("Unrecognized request argument supplied: seed");

        HttpResponse<String> badQuality = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "x").put("quality", "ultra"));
        assertThat(badQuality.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badQuality.body()).getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");

        HttpResponse<String> tooLong = post(new JsonObject().put("model", "dall-e-2").put("prompt", "x".repeat(1001)));
        assertThat(new JsonObject(tooLong.body()).getJsonObject("error").getString("code")).isEqualTo("string_above_max_length");

        HttpResponse<String> wrongType = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "x").put("n", "two"));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(wrongType.body()).getJsonObject("error").getString("param")).isEqualTo("n");

        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(STUB.baseUrl() + "/images/generations"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
    }

    @Test
    void scriptedFailuresComeInOpenAisFormat() throws Exception {
        STUB.behaviour().failNext(StubFailure.RATE_LIMIT, 1, 7).failNext(StubFailure.INSUFFICIENT_QUOTA, 1, 0)
                .failPromptsContaining("forbidden", StubFailure.CONTENT_POLICY);
        JsonObject ok = new JsonObject().put("model", "gpt-image-2").put("prompt", "fine");

        HttpResponse<String> limited = post(ok);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
        // without a configured limit there is no window to report (a worker would learn a false limit)
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
        assertThat(new JsonObject(limited.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");

        HttpResponse<String> quota = post(ok);
        assertThat(quota.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(quota.body()).getJsonObject("error").getString("code")).isEqualTo("insufficient_quota");

        HttpResponse<String> policy = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "a forbidden thing"));
        assertThat(policy.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(policy.body()).getJsonObject("error").getString("code")).isEqualTo("content_policy_violation");

        assertThat(post(ok).statusCode()).isEqualTo(200);
        assertThat(STUB.stats().requests()).isEqualTo(4);
        assertThat(STUB.stats().answeredWith(429)).isEqualTo(2);
    }

    @Test
    void aScriptedRateLimitReportsTheConfiguredWindow() throws Exception {
        STUB.behaviour().requestsPerMinute(1000).failNext(StubFailure.RATE_LIMIT, 1, 3);
        HttpResponse<String> limited = post(new JsonObject().put("model", "gpt-image-2").put("prompt", "fine"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("1000");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    }

    @Test
    void enforcesARequestsPerMinuteLimitWhenAsked() throws Exception {
        STUB.behaviour().requestsPerMinute(2);
        JsonObject ok = new JsonObject().put("model", "gpt-image-2").put("prompt", "fine");
        assertThat(post(ok).statusCode()).isEqualTo(200);
        assertThat(post(ok).statusCode()).isEqualTo(200);
        HttpResponse<String> third = post(ok);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
    }

    @Test
    void isSwitchableOverHttp() throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STUB.port() + "/__stub/failures"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"server_error\",\"count\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(post(new JsonObject().put("model", "gpt-image-2").put("prompt", "x")).statusCode()).isEqualTo(500);
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STUB.port() + "/__stub/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(stats.body()).getJsonObject("byStatus").getLong("500")).isEqualTo(1);
    }

    @Test
    void theBatchApiTakesAJsonlFileAndAnswersEachLineInOpenAisOutputFormat() throws Exception {
        STUB.behaviour().failPromptsContaining("forbidden", StubFailure.CONTENT_POLICY);
        String jsonl = line("a", "gpt-image-2", "Blue Dream jar", "low") + line("b", "gpt-image-2", "forbidden thing", "low")
                + line("c", "gpt-image-2", "OG Kush jar", "ultra");
        JsonObject file = new JsonObject(upload(jsonl, "batch").body());
        assertThat(file.getString("purpose")).isEqualTo("batch");

        JsonObject batch = new JsonObject(send("POST", "/batches", new JsonObject().put("input_file_id", file.getString("id"))
                .put("endpoint", "/v1/images/generations").put("completion_window", "24h")).body());
        assertThat(batch.getString("status")).isEqualTo("in_progress");
        assertThat(batch.getJsonObject("request_counts").getInteger("total")).isEqualTo(3);
        JsonObject done = new JsonObject(send("GET", "/batches/" + batch.getString("id"), null).body());
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getJsonObject("request_counts").getInteger("completed")).isEqualTo(1);
        assertThat(done.getJsonObject("request_counts").getInteger("failed")).isEqualTo(2);

        String[] output = send("GET", "/files/" + done.getString("output_file_id") + "/content", null).body().split("\n");
        assertThat(output).hasSize(1);
        JsonObject ok = new JsonObject(output[0]);
        assertThat(ok.getString("custom_id")).isEqualTo("a");
        assertThat(ok.getJsonObject("response").getInteger("status_code")).isEqualTo(200);
        JsonObject answer = ok.getJsonObject("response").getJsonObject("body");
        assertThat(Base64.getDecoder().decode(answer.getJsonArray("data").getJsonObject(0).getString("b64_json"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(answer.getJsonObject("usage").getInteger("output_tokens")).isEqualTo(272);
        String errors = send("GET", "/files/" + done.getString("error_file_id") + "/content", null).body();
        assertThat(errors).contains("\"custom_id\":\"b\"").contains("content_policy_violation").contains("\"custom_id\":\"c\"")
                .contains("\"status_code\":400");
        assertThat(STUB.batchRequests()).isEqualTo(3);
        assertThat(STUB.stats().requests()).as("batch lines are no synchronous calls").isZero();

        // a file with two models fails at validation; a file uploaded for another purpose is refused
        JsonObject mixed = new JsonObject(upload(line("x", "gpt-image-2", "p", "low") + line("y", "gpt-image-1", "p", "low"), "batch").body());
        JsonObject failed = new JsonObject(send("POST", "/batches", new JsonObject().put("input_file_id", mixed.getString("id"))
                .put("endpoint", "/v1/images/generations").put("completion_window", "24h")).body());
        assertThat(failed.getString("status")).isEqualTo("failed");
        JsonObject other = new JsonObject(upload(line("z", "gpt-image-2", "p", "low"), "user_data").body());
        assertThat(send("POST", "/batches", new JsonObject().put("input_file_id", other.getString("id"))
                .put("endpoint", "/v1/images/generations").put("completion_window", "24h")).statusCode()).isEqualTo(400);
    }

    @Test
    void aBatchStaysInProgressForItsLatency() throws Exception {
        STUB.batchLatency(java.time.Duration.ofMillis(700));
        JsonObject file = new JsonObject(upload(line("a", "gpt-image-2", "slow jar", "low"), "batch").body());
        String id = new JsonObject(send("POST", "/batches", new JsonObject().put("input_file_id", file.getString("id"))
                .put("endpoint", "/v1/images/generations").put("completion_window", "24h")).body()).getString("id");
        assertThat(new JsonObject(send("GET", "/batches/" + id, null).body()).getString("status")).isEqualTo("in_progress");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(new JsonObject(send("GET", "/batches/" + id, null).body()).getString("status")).isEqualTo("completed"));
    }

    private static String line(String id, String model, String prompt, String quality) {
        return new JsonObject().put("custom_id", id).put("method", "POST").put("url", "/v1/images/generations")
                .put("body", new JsonObject().put("model", model).put("prompt", prompt).put("quality", quality)).encode() + "\n";
    }

    private HttpResponse<String> upload(String content, String purpose) throws Exception {
        String boundary = "stub-" + java.util.UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return http.send(HttpRequest.newBuilder(URI.create(STUB.baseUrl() + "/files")).header("Authorization", "Bearer sk-test")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(STUB.baseUrl() + path)).header("Authorization", "Bearer sk-test")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(STUB.baseUrl() + "/images/generations"))
                .header("Authorization", "Bearer sk-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
