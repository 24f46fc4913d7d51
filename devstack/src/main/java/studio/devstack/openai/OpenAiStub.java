package studio.devstack.openai;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An OpenAI-compatible Images API for tests, benchmarks and the offline launch:
 * {@code POST /v1/images/generations} validated against OpenAI's specification and answered in its
 * exact wire format (real image bytes as {@code b64_json} or a {@code url}, {@code usage} for the GPT
 * image models, {@code x-ratelimit-*} headers), with switchable latency and failures
 * ({@link StubBehaviour}) and counts of what it received ({@link StubStats}).
 *
 * <p>Control over HTTP, for benchmarks in other processes: {@code GET /__stub/stats},
 * {@code POST /__stub/behaviour}, {@code POST /__stub/failures}, {@code POST /__stub/reset}.
 * The Batch API's Files and Batches endpoints for images are served too ({@link StubBatches}).
 * Limitations: no streaming, and {@code webp} is answered with PNG bytes.
 */
public final class OpenAiStub implements AutoCloseable {

    /**
     * Output tokens of one 1024x1024 image by quality: gpt-image-1's published counts for low,
     * medium and high; xhigh and max (gpt-image-2.5 and later) are stub figures above them.
     */
    private static final Map<String, Integer> BASE_OUTPUT_TOKENS = Map.of("low", 272, "medium", 1056, "high", 4160,
            "xhigh", 5200, "max", 7024);

    private final Vertx vertx;
    private final HttpServer server;
    private final StubBehaviour behaviour = new StubBehaviour();
    private final StubStats stats = new StubStats();
    private final ImageRequestValidator validator = new ImageRequestValidator();
    private final StubImages images = new StubImages();
    private final Map<String, byte[]> hosted = new ConcurrentHashMap<>();
    private final StubBatches batches = new StubBatches();
    private final Deque<Long> window = new ArrayDeque<>();

    private OpenAiStub(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts the stub on a loopback port (0: a free one). */
    public static OpenAiStub start(int port) {
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer();
        OpenAiStub stub = new OpenAiStub(vertx, server);
        server.requestHandler(stub::handle);
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the OpenAI stub did not start", e);
        }
        return stub;
    }

    public int port() {
        return server.actualPort();
    }

    /** The base URL a client configures, for example {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public StubBehaviour behaviour() {
        return behaviour;
    }

    public StubStats stats() {
        return stats;
    }

    /** How long a batch of the Batch API stays {@code in_progress} before it completes (default: none). */
    public void batchLatency(java.time.Duration latency) {
        batches.latency(latency);
    }

    /** The next {@code count} batches of the Batch API expire without answering any request. */
    public void expireNextBatches(int count) {
        batches.expireNext(count);
    }

    /** Batches created through the Batch API so far. */
    public long batchesCreated() {
        return batches.batchesCreated();
    }

    /** Requests answered inside batches so far (these never count as synchronous calls in {@link #stats()}). */
    public long batchRequests() {
        return batches.batchRequests();
    }

    /** Back to no latency, no failures, no limit, zero counts. */
    public void reset() {
        behaviour.reset();
        stats.reset();
        batches.reset();
        synchronized (window) {
            window.clear();
        }
    }

    @Override
    public void close() {
        CompletableFuture<Void> closed = vertx.close().toCompletionStage().toCompletableFuture();
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/__stub/")) {
            request.body().onSuccess(body -> control(request, path, body));
        } else if ("/v1/images/generations".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> generate(request, body));
        } else if ("/v1/chat/completions".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> chat(request, body));
        } else if (path.startsWith("/v1/files") || path.startsWith("/v1/batches")) {
            batchApi(request, path);
        } else if (path.startsWith("/v1/images/files/") && request.method().name().equals("GET")) {
            byte[] image = hosted.get(path.substring("/v1/images/files/".length()));
            if (image == null) {
                json(request.response(), 404, OpenAiErrors.body("No such file.", "invalid_request_error", null, null));
            } else {
                request.response().putHeader("content-type", "image/png").end(Buffer.buffer(image));
            }
        } else {
            json(request.response(), 404, OpenAiErrors.body("Invalid URL (" + request.method() + " " + path + ")",
                    "invalid_request_error", null, null));
        }
    }

    /**
     * {@code POST /v1/chat/completions}, enough of it for the prompt tools: a non-streaming answer in
     * OpenAI's format whose content is a JSON object ({@code suggestions} and {@code improvedPrompt}
     * derived from the last user message), so callers can be tested against the wire format.
     */
    private void chat(HttpServerRequest request, Buffer raw) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            json(response, 401, OpenAiErrors.body("You didn't provide an API key.", "invalid_request_error", null, null));
            return;
        }
        JsonObject body;
        try {
            body = raw.toJsonObject();
        } catch (RuntimeException e) {
            json(response, 400, OpenAiErrors.body("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
            return;
        }
        io.vertx.core.json.JsonArray messages = body.getJsonArray("messages");
        if (body.getString("model") == null || messages == null || messages.isEmpty()) {
            json(response, 400, OpenAiErrors.body("'model' and a non-empty 'messages' are required.", "invalid_request_error",
                    body.getString("model") == null ? "model" : "messages", null));
            return;
        }
        String user = "";
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            if ("user".equals(m.getString("role"))) {
                user = String.valueOf(m.getValue("content"));
            }
        }
        String content = new JsonObject()
                .put("suggestions", new io.vertx.core.json.JsonArray().add("Name the camera angle and lens, for example a 45-degree "
                        + "angle with a 100mm macro lens.").add("Say what the background is made of."))
                .put("improvedPrompt", user.strip() + ", 45-degree angle, 100mm macro lens")
                .encode();
        stats.chatAnswered();
        json(response, 200, new JsonObject()
                .put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", body.getString("model"))
                .put("choices", new io.vertx.core.json.JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", content).putNull("refusal"))
                        .put("logprobs", (Object) null).put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", user.length() / 4 + 20).put("completion_tokens", 60)
                        .put("total_tokens", user.length() / 4 + 80)));
    }

    private void generate(HttpServerRequest request, Buffer raw) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            stats.answeredWithoutBody(401);
            json(response, 401, OpenAiErrors.body("You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                    "invalid_request_error", null, null));
            return;
        }
        String required = behaviour.requiredApiKey();
        if (required != null && !required.equals(authorization.substring(7))) {
            stats.answeredWithoutBody(401);
            fail(response, StubFailure.INVALID_API_KEY, 0);
            return;
        }
        JsonObject body;
        try {
            body = raw.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            stats.answeredWithoutBody(400);
            json(response, 400, OpenAiErrors.body("We could not parse the JSON body of your request. (HINT: This likely means "
                    + "you aren't using your HTTP library correctly.)", "invalid_request_error", null, null));
            return;
        }
        stats.received(body);
        String prompt = String.valueOf(body.getValue("prompt"));
        ImageRequestValidator.ModelRules model;
        try {
            model = validator.validate(body);
        } catch (OpenAiErrors.InvalidRequest invalid) {
            answer(response, 400, invalid.body(), prompt, 0);
            return;
        }
        StubBehaviour.Scripted scripted = behaviour.nextScripted();
        StubFailure byPrompt = behaviour.ruleFor(prompt);
        long delay = behaviour.latency().toMillis();
        Runnable reply = () -> {
            if (scripted != null) {
                fail(response, scripted.failure(), scripted.retryAfterSeconds(), prompt);
            } else if (byPrompt != null) {
                fail(response, byPrompt, 1, prompt);
            } else if (!admitted(response, prompt)) {
                return;
            } else {
                succeed(response, body, model, prompt);
            }
        };
        if (delay > 0) {
            vertx.setTimer(delay, id -> reply.run());
        } else {
            reply.run();
        }
    }

    /** The optional requests-per-minute limit, over a sliding 60 s window. */
    private boolean admitted(HttpServerResponse response, String prompt) {
        int limit = behaviour.requestsPerMinute();
        long now = System.currentTimeMillis();
        int remaining;
        long resetMs;
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - 60_000) {
                window.removeFirst();
            }
            if (limit > 0 && window.size() >= limit) {
                resetMs = window.peekFirst() + 60_000 - now;
                int retryAfter = (int) Math.max(1, (resetMs + 999) / 1000);
                rateLimitHeaders(response, limit, 0, resetMs);
                response.putHeader("retry-after", String.valueOf(retryAfter));
                answer(response, 429, OpenAiErrors.body("Rate limit reached for images in organization org-stub on requests per min (RPM): Limit "
                        + limit + ", Used " + window.size() + ", Requested 1. Please try again in " + retryAfter + "s.",
                        "requests", null, "rate_limit_exceeded"), prompt, 0);
                return false;
            }
            window.addLast(now);
            remaining = limit > 0 ? limit - window.size() : 0;
            resetMs = window.isEmpty() ? 0 : window.peekFirst() + 60_000 - now;
        }
        if (limit > 0) {
            rateLimitHeaders(response, limit, remaining, resetMs);
        }
        return true;
    }

    private void succeed(HttpServerResponse response, JsonObject body, ImageRequestValidator.ModelRules model, String prompt) {
        response.putHeader("openai-processing-ms", "1");
        answer(response, 200, imagesAnswer(body, model, prompt), prompt, body.getInteger("n", 1));
    }

    /** The body of a successful images answer to this request, as OpenAI gives it. */
    private JsonObject imagesAnswer(JsonObject body, ImageRequestValidator.ModelRules model, String prompt) {
        int n = body.getInteger("n", 1);
        String size = body.getString("size", "auto");
        String resolvedSize = "auto".equals(size) ? "1024x1024" : size;
        String[] dimensions = resolvedSize.split("x");
        int width = Integer.parseInt(dimensions[0]);
        int height = Integer.parseInt(dimensions[1]);
        String format = body.getString("output_format", "png");
        byte[] image = images.render(prompt, width, height, format);
        JsonArray data = new JsonArray();
        JsonObject answer = new JsonObject().put("created", Instant.now().getEpochSecond());
        if (model.gptImage()) {
            String quality = body.getString("quality", "auto");
            String resolvedQuality = "auto".equals(quality) ? "medium" : quality;
            for (int i = 0; i < n; i++) {
                data.add(new JsonObject().put("b64_json", Base64.getEncoder().encodeToString(image)));
            }
            int inputTokens = Math.max(1, (prompt.length() + 3) / 4);
            int outputTokens = (int) Math.round(BASE_OUTPUT_TOKENS.get(resolvedQuality) * (width * (double) height) / (1024.0 * 1024.0)) * n;
            answer.put("data", data)
                    .put("background", "transparent".equals(body.getString("background")) ? "transparent" : "opaque")
                    .put("output_format", format)
                    .put("quality", resolvedQuality)
                    .put("size", resolvedSize)
                    .put("usage", new JsonObject()
                            .put("input_tokens", inputTokens)
                            .put("input_tokens_details", new JsonObject().put("text_tokens", inputTokens).put("image_tokens", 0))
                            .put("output_tokens", outputTokens)
                            .put("output_tokens_details", new JsonObject().put("image_tokens", outputTokens).put("text_tokens", 0))
                            .put("total_tokens", inputTokens + outputTokens));
        } else {
            boolean asUrl = !"b64_json".equals(body.getString("response_format", "url"));
            for (int i = 0; i < n; i++) {
                JsonObject item = new JsonObject();
                if (asUrl) {
                    String id = UUID.randomUUID() + ".png";
                    hosted.put(id, image);
                    item.put("url", "http://127.0.0.1:" + port() + "/v1/images/files/" + id);
                } else {
                    item.put("b64_json", Base64.getEncoder().encodeToString(image));
                }
                if ("dall-e-3".equals(model.name())) {
                    item.put("revised_prompt", prompt);
                }
                data.add(item);
            }
            answer.put("data", data);
        }
        return answer;
    }

    /** One request of a batch, answered as the synchronous call would be (without latency or rate limit). */
    private Map.Entry<Integer, JsonObject> batchAnswer(JsonObject body, String customId) {
        String prompt = String.valueOf(body.getValue("prompt"));
        try {
            ImageRequestValidator.ModelRules model = validator.validate(body);
            StubFailure byPrompt = behaviour.ruleFor(prompt);
            if (byPrompt != null) {
                return Map.entry(byPrompt.status, byPrompt.body(1));
            }
            return Map.entry(200, imagesAnswer(body, model, prompt));
        } catch (OpenAiErrors.InvalidRequest invalid) {
            return Map.entry(400, invalid.body());
        }
    }

    /** Files and Batches: {@code POST /v1/files} (multipart), {@code GET /v1/files/{id}[/content]}, {@code POST/GET /v1/batches[/{id}]}. */
    private void batchApi(HttpServerRequest request, String path) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            json(response, 401, OpenAiErrors.body("You didn't provide an API key.", "invalid_request_error", null, null));
            return;
        }
        String method = request.method().name();
        if ("/v1/files".equals(path) && "POST".equals(method)) {
            request.setExpectMultipart(true);
            Buffer content = Buffer.buffer();
            String[] filename = {null};
            request.uploadHandler(upload -> {
                filename[0] = upload.filename();
                upload.handler(content::appendBuffer);
            });
            request.endHandler(ignored -> {
                String purpose = request.formAttributes().get("purpose");
                if (filename[0] == null || purpose == null) {
                    json(response, 400, OpenAiErrors.body("'file' and 'purpose' are required.", "invalid_request_error",
                            filename[0] == null ? "file" : "purpose", null));
                    return;
                }
                json(response, 200, batches.upload(filename[0], purpose, content.getBytes()).toJson());
            });
            return;
        }
        if ("/v1/batches".equals(path) && "POST".equals(method)) {
            request.body().onSuccess(raw -> {
                try {
                    json(response, 200, batches.create(raw.toJsonObject()));
                } catch (OpenAiErrors.InvalidRequest invalid) {
                    json(response, 400, invalid.body());
                } catch (RuntimeException malformed) {
                    json(response, 400, OpenAiErrors.body("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
                }
            });
            return;
        }
        if ("/v1/batches".equals(path) && "GET".equals(method)) {
            json(response, 200, batches.list(id -> batches.get(id, this::batchAnswer)));
            return;
        }
        if (path.startsWith("/v1/batches/") && "GET".equals(method)) {
            JsonObject batch = batches.get(path.substring("/v1/batches/".length()), this::batchAnswer);
            if (batch == null) {
                json(response, 404, OpenAiErrors.body("No such Batch object.", "invalid_request_error", "batch_id", null));
            } else {
                json(response, 200, batch);
            }
            return;
        }
        if (path.startsWith("/v1/files/") && "GET".equals(method)) {
            String rest = path.substring("/v1/files/".length());
            boolean content = rest.endsWith("/content");
            StubBatches.StoredFile file = batches.file(content ? rest.substring(0, rest.length() - "/content".length()) : rest);
            if (file == null) {
                json(response, 404, OpenAiErrors.body("No such File object.", "invalid_request_error", "file_id", null));
            } else if (content) {
                response.putHeader("content-type", "application/octet-stream").end(StubBatches.jsonl(file));
            } else {
                json(response, 200, file.toJson());
            }
            return;
        }
        json(response, 404, OpenAiErrors.body("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null));
    }

    private void fail(HttpServerResponse response, StubFailure failure, int retryAfterSeconds, String prompt) {
        if (failure.status == 429 || failure.status >= 500) {
            response.putHeader("retry-after", String.valueOf(Math.max(1, retryAfterSeconds)));
        }
        if (failure == StubFailure.RATE_LIMIT && behaviour.requestsPerMinute() > 0) {
            // the account's window, as OpenAI reports it; without a configured limit there is none to report
            rateLimitHeaders(response, behaviour.requestsPerMinute(), 0, retryAfterSeconds * 1000L);
        }
        answer(response, failure.status, failure.body(retryAfterSeconds), prompt, 0);
    }

    private void fail(HttpServerResponse response, StubFailure failure, int retryAfterSeconds) {
        json(response, failure.status, failure.body(retryAfterSeconds));
    }

    private static void rateLimitHeaders(HttpServerResponse response, int limit, int remaining, long resetMs) {
        response.putHeader("x-ratelimit-limit-requests", String.valueOf(limit))
                .putHeader("x-ratelimit-remaining-requests", String.valueOf(Math.max(0, remaining)))
                .putHeader("x-ratelimit-reset-requests", Math.max(0, resetMs) + "ms");
    }

    private void answer(HttpServerResponse response, int status, JsonObject body, String prompt, int imageCount) {
        stats.answered(status, prompt, imageCount);
        json(response, status, body);
    }

    private static void json(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""))
                .end(body.encode());
    }

    private void control(HttpServerRequest request, String path, Buffer raw) {
        HttpServerResponse response = request.response();
        try {
            switch (path) {
                case "/__stub/stats" -> json(response, 200, stats.toJson("true".equals(request.getParam("recent"))));
                case "/__stub/reset" -> {
                    reset();
                    json(response, 200, behaviour.toJson());
                }
                case "/__stub/behaviour" -> {
                    if (raw.length() > 0) {
                        behaviour.apply(raw.toJsonObject());
                    }
                    json(response, 200, behaviour.toJson());
                }
                case "/__stub/failures" -> {
                    JsonObject spec = raw.toJsonObject();
                    StubFailure failure = StubFailure.valueOf(spec.getString("kind").toUpperCase(java.util.Locale.ROOT));
                    if (spec.containsKey("promptContains")) {
                        behaviour.failPromptsContaining(spec.getString("promptContains"), failure);
                    } else {
                        behaviour.failNext(failure, spec.getInteger("count", 1), spec.getInteger("retryAfterSeconds", 1));
                    }
                    json(response, 200, behaviour.toJson());
                }
                default -> json(response, 404, new JsonObject().put("error", "unknown control path " + path));
            }
        } catch (RuntimeException e) {
            json(response, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
        }
    }
}
