package studio.batch.config;

import java.time.Duration;
import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * batch-service's own settings, one mapping per group of {@code studio.*} keys (the outbox, storage
 * and catalog settings are common's; {@code studio.service-token}, a single key, is read where it is used).
 */
public final class BatchConfig {

    private BatchConfig() {
    }

    /** {@code studio.csv.*}: the CSV imports' limits (batches and products alike). */
    @ConfigMapping(prefix = "studio.csv")
    public interface Csv {
        /** The largest file, in bytes. */
        @WithDefault("10485760")
        long maxBytes();

        /** The most rows a file may have. */
        @WithDefault("10000")
        int maxRows();
    }

    /** {@code studio.estimates.*}. */
    @ConfigMapping(prefix = "studio.estimates")
    public interface Estimates {
        /** The fleet's pace for estimated times when it has no backlog to measure. */
        @WithDefault("60")
        double imagesPerMinute();

        /** Bulk-lane work is estimated at the catalog's price times this (0.5 with the workers' Batch API). */
        @WithDefault("1.0")
        double bulkPriceFactor();
    }

    /** {@code studio.schedules.*}. */
    @ConfigMapping(prefix = "studio.schedules")
    public interface Schedules {
        /** How often each replica releases due scheduled batches (its {@code @Scheduled} timer reads it). */
        @WithDefault("1s")
        Duration pollInterval();

        /** The off-peak window of a vendor without its own. */
        OffPeak offPeak();

        interface OffPeak {
            @WithDefault("01:00")
            LocalTime start();

            @WithDefault("06:00")
            LocalTime end();

            @WithDefault("UTC")
            String timeZone();
        }
    }

    /** {@code studio.peers.*}. */
    @ConfigMapping(prefix = "studio.peers")
    public interface Peers {
        /** The most JSON one render or compose call to a peer carries; a batch's calls go in pieces under it. */
        @WithDefault("4194304")
        int maxRequestBytes();
    }

    /** {@code studio.watchdog.*}: open items without a sign of life (see {@code service.Watchdog}). */
    @ConfigMapping(prefix = "studio.watchdog")
    public interface Watchdog {
        /** Whether each replica looks for stale items on its timer. */
        @WithDefault("true")
        boolean enabled();

        /** How often each replica looks. */
        @WithDefault("30s")
        Duration interval();

        /** How long an interactive (urgent) item, and its batch, may go without a sign of life. */
        @WithDefault("30m")
        Duration interactive();

        /** The same for the standard lane. */
        @WithDefault("2h")
        Duration standard();

        /** The same for the bulk lane, which the Batch API may answer within 24 hours. */
        @WithDefault("26h")
        Duration bulk();

        /** How many times a stale item is sent again (as a new attempt) before it is failed. */
        @WithDefault("1")
        int resends();

        /** The most items one look takes (the next look takes the rest). */
        @WithDefault("500")
        int page();
    }

    /** {@code studio.queue.*}: the fair queue, which holds jobs back and releases them in the vendors' weighted turns. */
    @ConfigMapping(prefix = "studio.queue")
    public interface Queue {
        /** How often the releaser looks for room in the lanes (one replica at a time releases). */
        @WithDefault("100ms")
        Duration releaseInterval();

        /** How much work, in seconds, the fleet should have waiting in front of it in each lane. */
        @WithDefault("2s")
        Duration ahead();

        /** Over how long the lanes' ended jobs are measured to size their windows. */
        @WithDefault("5s")
        Duration measure();

        /** The fewest jobs of a lane the fleet may hold at once (released, not ended). */
        @WithDefault("16")
        int minWindow();

        /**
         * The most; with several lanes busy the fleet holds up to three times this, which should stay
         * under the workers' {@code max-buffered} so that every released job is in a worker's own fair queue.
         */
        @WithDefault("600")
        int maxWindow();

        /**
         * Whether the workers send the bulk lane through OpenAI's Batch API (their
         * {@code studio.worker.batch-api.enabled}): bulk jobs then wait at the provider, not in the fleet,
         * and are released as they come, in the vendors' turns, without a window.
         */
        @WithDefault("false")
        boolean bulkThroughBatchApi();

        /** The plan of a vendor that has none of its own. */
        @WithDefault("standard")
        String defaultPlan();

        /** The plans, by name: each vendor's share of the fleet follows its plan's weight. */
        java.util.Map<String, Plan> plans();

        interface Plan {
            /** The share of the fleet's allowance a vendor of this plan gets while it has work waiting, against the others' weights. */
            @WithDefault("1")
            double weight();

            /** The most images a vendor of this plan may have not yet ended (waiting, scheduled or in the fleet). */
            @WithDefault("50000")
            int maxQueuedItems();

            /** The most batches a vendor of this plan may have running at once (pending or processing). */
            @WithDefault("50")
            int maxRunningBatches();

            /**
             * The request rates of this plan by scope ({@code api}: every request no narrower scope
             * takes; {@code prompt-tools}: template-service's prompt tools), where they differ from
             * each service's {@code studio.limits.*}. The default plan's are those of
             * {@code studio.limits.*}: set none for it.
             */
            java.util.Map<String, Rate> rates();

            interface Rate {
                int requestsPerMinute();

                int burst();
            }
        }
    }
}
