package studio.devstack.openai;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.json.JsonObject;

/**
 * What the stub does next, switchable by a test or a benchmark (in-process, or over HTTP at
 * {@code /__stub/behaviour} and {@code /__stub/failures}): latency, a requests-per-minute limit,
 * scripted failures for the next requests, and failures for prompts that contain a marker.
 */
public final class StubBehaviour {

    /** A scripted failure and the {@code retry-after} it announces (for 429 and 5xx). */
    record Scripted(StubFailure failure, int retryAfterSeconds) {
    }

    /** Prompts containing {@code marker} always fail with {@code failure}. */
    record PromptRule(String marker, StubFailure failure) {
    }

    private volatile Duration latency = Duration.ZERO;
    private volatile StubImages.Content images = StubImages.Content.PHOTO;
    private volatile int requestsPerMinute;
    private volatile String requiredApiKey;
    private volatile StubFailure outage;
    private volatile boolean hanging;
    private volatile Runnable hangEnded = () -> {
    };
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private final List<PromptRule> promptRules = new CopyOnWriteArrayList<>();

    public StubBehaviour latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /**
     * What the images show: {@code true} for photo-like content at the provider's sizes in bytes (the
     * default), {@code false} for flat images of a few kilobytes (runs that measure bookkeeping alone).
     */
    public StubBehaviour photoImages(boolean photo) {
        this.images = photo ? StubImages.Content.PHOTO : StubImages.Content.FLAT;
        return this;
    }

    StubImages.Content images() {
        return images;
    }

    /** Answers 429 {@code rate_limit_exceeded} beyond this many requests in any 60 s (0: no limit). */
    public StubBehaviour requestsPerMinute(int limit) {
        this.requestsPerMinute = limit;
        return this;
    }

    /** Only this bearer key is accepted (null: any non-empty key). */
    public StubBehaviour requireApiKey(String key) {
        this.requiredApiKey = key;
        return this;
    }

    /** Every generation request fails with {@code failure} until this is called with null (a provider outage). */
    public StubBehaviour outage(StubFailure failure) {
        this.outage = failure;
        return this;
    }

    /**
     * While on, generation requests get no answer at all (a provider that hangs); when switched off,
     * the requests held meanwhile are cut (their connections closed, nothing answered or billed).
     */
    public StubBehaviour hang(boolean hanging) {
        this.hanging = hanging;
        if (!hanging) {
            hangEnded.run();
        }
        return this;
    }

    /** What the stub does when a hang ends (cut the requests it held). */
    void onHangEnd(Runnable action) {
        this.hangEnded = action;
    }

    StubFailure outage() {
        return outage;
    }

    boolean hanging() {
        return hanging;
    }

    /** The next {@code count} generation requests fail with {@code failure}. */
    public synchronized StubBehaviour failNext(StubFailure failure, int count, int retryAfterSeconds) {
        for (int i = 0; i < count; i++) {
            scripted.add(new Scripted(failure, retryAfterSeconds));
        }
        return this;
    }

    public StubBehaviour failPromptsContaining(String marker, StubFailure failure) {
        promptRules.add(new PromptRule(marker, failure));
        return this;
    }

    public synchronized void reset() {
        latency = Duration.ZERO;
        images = StubImages.Content.PHOTO;
        requestsPerMinute = 0;
        requiredApiKey = null;
        outage = null;
        hanging = false;
        scripted.clear();
        promptRules.clear();
    }

    Duration latency() {
        return latency;
    }

    int requestsPerMinute() {
        return requestsPerMinute;
    }

    String requiredApiKey() {
        return requiredApiKey;
    }

    synchronized Scripted nextScripted() {
        return scripted.poll();
    }

    StubFailure ruleFor(String prompt) {
        for (PromptRule rule : promptRules) {
            if (prompt.contains(rule.marker())) {
                return rule.failure();
            }
        }
        return null;
    }

    /**
     * Applies {@code {"latencyMs", "images", "requestsPerMinute", "requireApiKey", "outage", "hang"}} ({@code images}:
     * {@code "photo"} or {@code "flat"}; {@code outage}: a failure's name such as {@code "server_error"}, or null to end
     * it); absent fields stay as they are.
     */
    void apply(JsonObject json) {
        if (json.containsKey("images")) {
            String images = json.getString("images");
            if (!"photo".equals(images) && !"flat".equals(images)) {
                throw new IllegalArgumentException("images must be \"photo\" or \"flat\", not " + images);
            }
            photoImages("photo".equals(images));
        }
        if (json.containsKey("latencyMs")) {
            latency(Duration.ofMillis(json.getLong("latencyMs")));
        }
        if (json.containsKey("requestsPerMinute")) {
            requestsPerMinute(json.getInteger("requestsPerMinute"));
        }
        if (json.containsKey("requireApiKey")) {
            requireApiKey(json.getString("requireApiKey"));
        }
        if (json.containsKey("outage")) {
            String failure = json.getString("outage");
            outage(failure == null ? null : StubFailure.valueOf(failure.toUpperCase(java.util.Locale.ROOT)));
        }
        if (json.containsKey("hang")) {
            hang(json.getBoolean("hang"));
        }
    }

    JsonObject toJson() {
        synchronized (this) {
            return new JsonObject().put("latencyMs", latency.toMillis()).put("images", images.name().toLowerCase(java.util.Locale.ROOT))
                    .put("requestsPerMinute", requestsPerMinute)
                    .put("outage", outage == null ? null : outage.name().toLowerCase(java.util.Locale.ROOT)).put("hang", hanging)
                    .put("scriptedFailuresLeft", scripted.size())
                    .put("promptRules", promptRules.stream().map(r -> r.marker() + " -> " + r.failure()).toList());
        }
    }
}
