package studio.worker.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a worker takes and runs jobs ({@code studio.worker.*}). */
@ConfigMapping(prefix = "studio.worker")
public interface WorkerConfig {

    /** Provider calls this worker keeps open at once (non-blocking: they cost no thread each). */
    @WithDefault("256")
    int maxInFlight();

    /**
     * Jobs past their call (an answer being thumbnailed, stored, published) this worker holds at once:
     * each holds its image's bytes (a 1024x1024 PNG is about 2.5 MB, read from its 3.4 MB of base64),
     * so this bounds the heap; when it is full no new call starts.
     */
    @WithDefault("16")
    int maxFinishing();

    /** Threads for object storage requests (looking for a stored image, storing one). */
    @WithDefault("32")
    int storageThreads();

    /** Threads that decode, scale or draw images (few: a decoded image is megabytes). */
    @WithDefault("4")
    int imageThreads();

    /** Jobs it takes from Kafka ahead of running them, to serve lanes and vendors fairly. */
    @WithDefault("2000")
    int maxBuffered();

    /** The lanes' shares (a lane without work leaves its share to the others). */
    LaneWeights laneWeights();

    interface LaneWeights {
        @WithDefault("6")
        int interactive();

        @WithDefault("3")
        int standard();

        @WithDefault("1")
        int bulk();
    }

    /** Attempts at a provider per job (the first and its retries), for transient failures only. */
    @WithDefault("3")
    int attempts();

    /**
     * Transient failures in a row (across all jobs, no success between) after which the provider counts
     * as down: jobs whose attempts run out are parked until it answers again, not failed. At most
     * {@link #attempts()}: one job's attempts all failing in a row counts too.
     */
    @WithDefault("5")
    int outageAfter();

    /** The first retry's delay (then doubling, with full jitter, up to {@link #maxBackoff()}); a {@code retry-after} wins. */
    @WithDefault("1s")
    Duration backoff();

    @WithDefault("60s")
    Duration maxBackoff();

    /** After a 401, 403 or {@code insufficient_quota}: how long the fleet pauses the provider before one job probes it again. */
    @WithDefault("5m")
    Duration accountPause();

    /** On shutdown: how long in-flight calls may take to finish; what is left is handed back (not committed). */
    @WithDefault("30s")
    Duration shutdownGrace();

    RateLimit rateLimit();

    Claims claims();

    /** Claims of jobs before their provider is called (see {@code JobClaims}). */
    interface Claims {
        /** How often a replica says it is alive. */
        @WithDefault("3s")
        Duration heartbeat();

        /** A replica silent this long is dead: its claims may be taken over. */
        @WithDefault("15s")
        Duration ownerTimeout();

        /** A claim binds at most this long even while its owner lives (longer than any job's calls and retries). */
        @WithDefault("15m")
        Duration lease();

        /** How long a replica holding a job claimed by another waits before it looks again. */
        @WithDefault("5s")
        Duration recheck();
    }

    BatchApi batchApi();

    /**
     * The bulk lane through OpenAI's Batch API (half price, answered within 24 hours): bulk jobs are
     * gathered per model and sent as one provider batch, which every replica polls.
     */
    interface BatchApi {
        /** Off by default: bulk jobs then take the synchronous path like the other lanes. */
        @WithDefault("false")
        boolean enabled();

        /** Requests per provider batch at most (OpenAI takes up to 50,000). */
        @WithDefault("500")
        int maxRequests();

        /** How long the oldest gathered job waits for others before its batch is sent anyway. */
        @WithDefault("30s")
        Duration gather();

        /** How often a provider batch's status is read. */
        @WithDefault("60s")
        Duration pollInterval();

        /** What the Batch API charges of the synchronous price (OpenAI: half). */
        @WithDefault("0.5")
        double priceFactor();

        /** How long a replica holds jobs it is sending or a batch it is reading before another may take them over. */
        @WithDefault("5m")
        Duration lease();

        /** How often jobs of a provider batch that failed or expired are sent again before they fail. */
        @WithDefault("1")
        int resubmissions();
    }

    /**
     * The provider account's limits, shared by every replica: requests per minute per model
     * ({@code default}, or a model's own), 0 for none configured (the provider's announced
     * {@code x-ratelimit-limit-requests} then applies once seen). The Images API makes one image
     * per request here, so this is the images-per-minute limit too.
     */
    interface RateLimit {
        @WithDefault("0")
        int requestsPerMinute();

        /** Per model: {@code studio.worker.rate-limit.models."gpt-image-2"=250}. */
        @WithDefault("0")
        Map<String, Integer> models();

        /** Spacing margin against network jitter: 0.01 spaces requests 1% wider than the limit asks. */
        @WithDefault("0.01")
        double headroom();
    }
}
