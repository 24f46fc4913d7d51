package studio.devstack.openai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
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
 * Limitations: no streaming, and {@code webp} is answered with PNG bytes (see {@link StubImages}).
 */
public final class OpenAiStub implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final StubBehaviour behaviour = new StubBehaviour();
    private final StubStats stats = new StubStats();
    private final ImageRequestValidator validator = new ImageRequestValidator();
    private final StubImageAnswers images = new StubImageAnswers(this::port, behaviour::images);
    private final StubBatches batches = new StubBatches();
    private final StubBatchApi batchApi = new StubBatchApi(batches, this::batchAnswer);
    private final Deque<Long> window = new ArrayDeque<>();
    /** Connections of requests held unanswered while the stub hangs. */
    private final java.util.Queue<io.vertx.core.http.HttpConnection> hung = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private OpenAiStub(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
        behaviour.onHangEnd(this::cutHung);
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

    /** Lines for this prompt answered with an image (so billed) inside batches so far. */
    public long batchSuccessesFor(String prompt) {
        return batches.successesFor(prompt);
    }

    /** Requests answered inside batches so far (these never count as synchronous calls in {@link #stats()}). */
    public long batchRequests() {
        return batches.batchRequests();
    }

    /** Cuts the requests held while the stub hung (see {@link StubBehaviour#hang}): their connections are closed. */
    private void cutHung() {
        io.vertx.core.http.HttpConnection connection;
        while ((connection = hung.poll()) != null) {
            connection.close();
            stats.cut();
        }
    }

    /** Back to no latency, no failures, no limit, zero counts. */
    public void reset() {
        behaviour.reset();
        cutHung();
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
            request.body().onSuccess(body -> StubControl.handle(request, path, body, this));
        } else if ("/v1/images/generations".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> generate(request, body));
        } else if ("/v1/chat/completions".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> StubChat.answer(request, body, stats));
        } else if (path.startsWith("/v1/files") || path.startsWith("/v1/batches")) {
            batchApi.handle(request, path);
        } else if (path.startsWith("/v1/images/files/") && request.method().name().equals("GET")) {
            byte[] image = images.hosted(path.substring("/v1/images/files/".length()));
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
        if (behaviour.hanging()) {
            io.vertx.core.http.HttpConnection connection = request.connection();
            hung.add(connection);
            // a client that gives up (its read timeout) ends the request too
            connection.closeHandler(closed -> {
                if (hung.remove(connection)) {
                    stats.cut();
                }
            });
            return;
        }
        StubFailure outage = behaviour.outage();
        StubBehaviour.Scripted scripted = behaviour.nextScripted();
        StubFailure byPrompt = behaviour.ruleFor(prompt);
        long delay = behaviour.latency().toMillis();
        Runnable reply = () -> {
            if (outage != null) {
                fail(response, outage, 1, prompt);
            } else if (scripted != null) {
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
        answer(response, 200, images.answer(body, model, prompt), prompt, body.getInteger("n", 1));
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
            // flat images: an output file holds every line's image, and the stub keeps its files in memory
            return Map.entry(200, images.answer(body, model, prompt, StubImages.Content.FLAT));
        } catch (OpenAiErrors.InvalidRequest invalid) {
            return Map.entry(400, invalid.body());
        }
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

    /** Writes an answer as OpenAI does: JSON with its {@code x-request-id}. */
    static void json(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("x-request-id", "req_" + UUID.randomUUID().toString().replace("-", ""))
                .end(StubImageAnswers.encode(body));
    }
}
