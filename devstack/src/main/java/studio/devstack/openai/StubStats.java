package studio.devstack.openai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.json.JsonObject;

/** What the stub received and answered: counts by status, images made, per-prompt successes, recent bodies. */
public final class StubStats {

    private static final int RECENT = 200;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong images = new AtomicLong();
    private final AtomicLong chats = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> successesByPrompt = new ConcurrentHashMap<>();
    private final Deque<JsonObject> recent = new ArrayDeque<>();
    private final Deque<Long> receivedAt = new ArrayDeque<>();

    void received(JsonObject body) {
        requests.incrementAndGet();
        synchronized (receivedAt) {
            receivedAt.addLast(System.currentTimeMillis());
            if (receivedAt.size() > 100_000) {
                receivedAt.removeFirst();
            }
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        synchronized (recent) {
            recent.addLast(body);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
    }

    void answered(int status, String prompt, int imageCount) {
        inFlight.decrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status == 200) {
            images.addAndGet(imageCount);
            successesByPrompt.computeIfAbsent(prompt, p -> new AtomicLong()).incrementAndGet();
        }
    }

    /** A request held unanswered (a hanging provider) whose connection was closed. */
    void cut() {
        inFlight.decrementAndGet();
    }

    /** A chat completion answered (they are not image requests and count apart). */
    void chatAnswered() {
        chats.incrementAndGet();
    }

    /** Chat completions answered since the last reset. */
    public long chats() {
        return chats.get();
    }

    /** Answers that never reached validation (bad JSON, no key) still count by status. */
    void answeredWithoutBody(int status) {
        requests.incrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    public long requests() {
        return requests.get();
    }

    public long images() {
        return images.get();
    }

    public long answeredWith(int status) {
        AtomicLong count = byStatus.get(status);
        return count == null ? 0 : count.get();
    }

    /** How many times a prompt was generated successfully (a provider call that would be billed). */
    public long successesFor(String prompt) {
        AtomicLong count = successesByPrompt.get(prompt);
        return count == null ? 0 : count.get();
    }

    /**
     * The most image requests received within any {@code window} (sliding; over the last 100,000
     * requests): what a provider's per-minute limit counts.
     */
    public int maxInAnyWindow(java.time.Duration window) {
        long[] times;
        synchronized (receivedAt) {
            times = receivedAt.stream().mapToLong(Long::longValue).toArray();
        }
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.length; end++) {
            while (times[end] - times[start] >= window.toMillis()) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    /** When each of the last requests was received (epoch milliseconds, oldest first). */
    public java.util.List<Long> receivedTimes() {
        synchronized (receivedAt) {
            return java.util.List.copyOf(receivedAt);
        }
    }

    /** Image requests received and not answered yet. */
    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<JsonObject> recentRequests() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    void reset() {
        requests.set(0);
        images.set(0);
        maxInFlight.set(inFlight.get());
        byStatus.clear();
        chats.set(0);
        successesByPrompt.clear();
        synchronized (recent) {
            recent.clear();
        }
        synchronized (receivedAt) {
            receivedAt.clear();
        }
    }

    JsonObject toJson(boolean withRecent) {
        Map<String, Object> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(String.valueOf(status), count.get()));
        JsonObject json = new JsonObject().put("requests", requests.get()).put("images", images.get())
                .put("chats", chats.get()).put("inFlight", inFlight.get()).put("maxInFlight", maxInFlight.get())
                .put("maxPerMinute", maxInAnyWindow(java.time.Duration.ofMinutes(1)))
                .put("byStatus", new JsonObject(statuses));
        List<Long> times = receivedTimes();
        json.put("firstAt", times.isEmpty() ? null : times.get(0)).put("lastAt", times.isEmpty() ? null : times.get(times.size() - 1));
        if (withRecent) {
            json.put("recent", recentRequests());
        }
        return json;
    }
}
