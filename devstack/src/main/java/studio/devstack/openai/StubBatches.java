package studio.devstack.openai;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * OpenAI's Files and Batches endpoints, as much as the Batch API for images needs: upload a JSONL file
 * ({@code purpose=batch}), create a batch over it for {@code /v1/images/generations} with a 24 h window,
 * read its status, and download its output and error files. A batch is {@code in_progress} until
 * {@code latency} has passed since its creation, then {@code completed} on the next read: every line
 * is validated as a synchronous request would be and answered in OpenAI's output format (a refused
 * line goes to the error file with the status and body the synchronous call would have had). A file
 * that is no valid input (malformed lines, another endpoint, two models, a repeated {@code custom_id})
 * fails the batch at validation, as OpenAI does.
 */
final class StubBatches {

    record StoredFile(String id, String purpose, String filename, byte[] content, long createdAt) {

        JsonObject toJson() {
            return new JsonObject().put("id", id).put("object", "file").put("bytes", content.length).put("created_at", createdAt)
                    .put("filename", filename).put("purpose", purpose);
        }
    }

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> batches = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> createdMillis = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> successesByPrompt = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private final java.util.concurrent.atomic.AtomicInteger toExpire = new java.util.concurrent.atomic.AtomicInteger();

    /** Batches created so far. */
    long batchesCreated() {
        return created.get();
    }

    /** Lines answered in batches so far (successes and refusals). */
    long batchRequests() {
        return requests.get();
    }

    /** Lines for this prompt answered with an image (billed) in batches so far. */
    long successesFor(String prompt) {
        AtomicLong count = successesByPrompt.get(prompt);
        return count == null ? 0 : count.get();
    }

    /** The next {@code count} batches end {@code expired} with none of their requests answered. */
    void expireNext(int count) {
        toExpire.set(count);
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    void reset() {
        files.clear();
        batches.clear();
        pending.clear();
        createdMillis.clear();
        created.set(0);
        requests.set(0);
        successesByPrompt.clear();
        latency = Duration.ZERO;
        toExpire.set(0);
    }

    StoredFile upload(String filename, String purpose, byte[] content) {
        StoredFile file = new StoredFile("file-" + UUID.randomUUID().toString().replace("-", ""), purpose, filename, content, now());
        files.put(file.id(), file);
        return file;
    }

    StoredFile file(String id) {
        return files.get(id);
    }

    /**
     * Creates a batch ({@code POST /v1/batches}); the body's problems are a 400 thrown as
     * {@link OpenAiErrors.InvalidRequest}. The input file's lines are checked now; what is wrong with
     * them fails the batch (status {@code failed} with {@code errors}).
     */
    JsonObject create(JsonObject body) {
        String inputFileId = body.getString("input_file_id");
        String endpoint = body.getString("endpoint");
        String window = body.getString("completion_window");
        if (inputFileId == null || endpoint == null || window == null) {
            throw OpenAiErrors.invalid(inputFileId == null ? "input_file_id" : endpoint == null ? "endpoint" : "completion_window",
                    "missing_required_parameter", "Missing required parameter.");
        }
        if (!"24h".equals(window)) {
            throw OpenAiErrors.invalid("completion_window", "invalid_value", "Invalid 'completion_window': only 24h is supported.");
        }
        StoredFile input = files.get(inputFileId);
        if (input == null) {
            throw OpenAiErrors.invalid("input_file_id", "invalid_value", "No such File object: " + inputFileId);
        }
        if (!"batch".equals(input.purpose())) {
            throw OpenAiErrors.invalid("input_file_id", "invalid_value", "The input file must be uploaded with purpose 'batch'.");
        }
        long at = now();
        JsonObject batch = new JsonObject().put("id", "batch_" + UUID.randomUUID().toString().replace("-", "")).put("object", "batch")
                .put("endpoint", endpoint).put("input_file_id", inputFileId).put("completion_window", "24h").put("created_at", at)
                .put("expires_at", at + 86_400).put("metadata", body.getJsonObject("metadata"))
                .put("request_counts", new JsonObject().put("total", 0).put("completed", 0).put("failed", 0));
        List<JsonObject> lines;
        try {
            lines = lines(input, endpoint);
        } catch (IllegalArgumentException invalid) {
            batch.put("status", "failed").put("failed_at", at).put("errors", new JsonObject().put("object", "list")
                    .put("data", new JsonArray().add(new JsonObject().put("code", "invalid_request").put("message", invalid.getMessage()))));
            batches.put(batch.getString("id"), batch);
            created.incrementAndGet();
            return batch.copy();
        }
        batch.put("status", "in_progress").put("in_progress_at", at)
                .put("request_counts", new JsonObject().put("total", lines.size()).put("completed", 0).put("failed", 0));
        batches.put(batch.getString("id"), batch);
        createdMillis.put(batch.getString("id"), System.currentTimeMillis());
        pending.put(batch.getString("id"), lines);
        created.incrementAndGet();
        return batch.copy();
    }

    /** The input file's requests, checked as OpenAI validates a batch's input. */
    private static List<JsonObject> lines(StoredFile input, String endpoint) {
        if (!"/v1/images/generations".equals(endpoint)) {
            throw new IllegalArgumentException("The stub runs batches for /v1/images/generations only, not " + endpoint + ".");
        }
        String text = new String(input.content(), StandardCharsets.UTF_8);
        List<JsonObject> lines = new java.util.ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> models = new HashSet<>();
        String[] raw = text.split("\n");
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isBlank()) {
                continue;
            }
            JsonObject line;
            try {
                line = new JsonObject(raw[i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Line " + (i + 1) + " is not JSON.");
            }
            String id = line.getString("custom_id");
            if (id == null || !ids.add(id)) {
                throw new IllegalArgumentException("Line " + (i + 1) + ": custom_id is missing or repeated.");
            }
            if (!"POST".equals(line.getString("method")) || !endpoint.equals(line.getString("url"))) {
                throw new IllegalArgumentException("Line " + (i + 1) + ": every request must be POST " + endpoint + ".");
            }
            if (line.getJsonObject("body") == null) {
                throw new IllegalArgumentException("Line " + (i + 1) + ": body is missing.");
            }
            models.add(line.getJsonObject("body").getString("model", "dall-e-2"));
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The input file has no requests.");
        }
        if (models.size() > 1) {
            throw new IllegalArgumentException("A batch's requests must all use one model; this file uses " + models + ".");
        }
        return lines;
    }

    /**
     * The batch as {@code GET /v1/batches/{id}} reads it; once its latency has passed, its requests
     * are answered by {@code answer} (a request's body to its status and answer body) and the batch
     * completes.
     */
    JsonObject get(String id, BiFunction<JsonObject, String, Map.Entry<Integer, JsonObject>> answer) {
        JsonObject batch = batches.get(id);
        if (batch == null) {
            return null;
        }
        synchronized (batch) {
            List<JsonObject> lines = pending.get(id);
            if (lines != null && System.currentTimeMillis() >= createdMillis.get(id) + latency.toMillis()) {
                if (toExpire.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    long at = now();
                    batch.put("status", "expired").put("expired_at", at)
                            .put("request_counts", new JsonObject().put("total", lines.size()).put("completed", 0).put("failed", 0));
                } else {
                    complete(batch, lines, answer);
                }
                pending.remove(id);
            }
            return batch.copy();
        }
    }

    private void complete(JsonObject batch, List<JsonObject> lines, BiFunction<JsonObject, String, Map.Entry<Integer, JsonObject>> answer) {
        StringBuilder output = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        int ok = 0;
        int failed = 0;
        for (JsonObject line : lines) {
            requests.incrementAndGet();
            Map.Entry<Integer, JsonObject> result = answer.apply(line.getJsonObject("body"), line.getString("custom_id"));
            JsonObject out = new JsonObject().put("id", "batch_req_" + UUID.randomUUID().toString().replace("-", ""))
                    .put("custom_id", line.getString("custom_id"))
                    .put("response", new JsonObject().put("status_code", result.getKey())
                            .put("request_id", "req_" + UUID.randomUUID().toString().replace("-", "")).put("body", result.getValue()))
                    .putNull("error");
            if (result.getKey() == 200) {
                ok++;
                successesByPrompt.computeIfAbsent(String.valueOf(line.getJsonObject("body").getValue("prompt")), p -> new AtomicLong())
                        .incrementAndGet();
                output.append(out.encode()).append('\n');
            } else {
                failed++;
                errors.append(out.encode()).append('\n');
            }
        }
        long at = now();
        batch.put("status", "completed").put("finalizing_at", at).put("completed_at", at)
                .put("request_counts", new JsonObject().put("total", lines.size()).put("completed", ok).put("failed", failed));
        if (ok > 0) {
            batch.put("output_file_id", upload("batch_" + batch.getString("id") + "_output.jsonl", "batch_output",
                    output.toString().getBytes(StandardCharsets.UTF_8)).id());
        }
        if (failed > 0) {
            batch.put("error_file_id", upload("batch_" + batch.getString("id") + "_error.jsonl", "batch_output",
                    errors.toString().getBytes(StandardCharsets.UTF_8)).id());
        }
    }

    /** Every batch created, newest first, as {@code GET /v1/batches} lists them. */
    JsonObject list(Function<String, JsonObject> read) {
        JsonArray data = new JsonArray();
        batches.keySet().stream().map(read).sorted((a, b) -> Long.compare(b.getLong("created_at"), a.getLong("created_at")))
                .forEach(data::add);
        return new JsonObject().put("object", "list").put("data", data).put("has_more", false);
    }

    static Buffer jsonl(StoredFile file) {
        return Buffer.buffer(file.content());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
