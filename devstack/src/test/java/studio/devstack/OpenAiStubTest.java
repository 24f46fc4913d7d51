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

    private HttpResponse<String> post(JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(STUB.baseUrl() + "/images/generations"))
                .header("Authorization", "Bearer sk-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
