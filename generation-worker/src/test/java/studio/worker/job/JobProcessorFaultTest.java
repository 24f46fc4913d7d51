package studio.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import studio.common.catalog.Cost;
import studio.common.catalog.Usage;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import io.smallrye.config.SmallRyeConfigBuilder;
import studio.worker.config.OpenAiConfig;
import studio.worker.config.WorkerConfig;
import studio.worker.engine.ProviderCalls;
import studio.worker.engine.WorkPool;
import studio.common.storage.StorageConfig;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.ImageRequest;
import studio.worker.provider.PlaceholderProvider;
import studio.worker.provider.ProviderChoice;
import studio.worker.storage.ObjectStorage;

/**
 * Faults of object storage never fail an item nor lose a paid image: storage that does not answer
 * before the call hands the job back (nothing paid); a write refused after the provider was paid is
 * tried again until storage answers, and the item completes with its charge.
 */
class JobProcessorFaultTest {

    @Test
    void unreachableStorageHandsTheJobBackBeforeAnythingIsPaid() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ObjectStorage storage = new ObjectStorage(new Storage("http://127.0.0.1:" + closedPort));
        java.util.concurrent.atomic.AtomicInteger drawn = new java.util.concurrent.atomic.AtomicInteger();
        PlaceholderProvider counting = new PlaceholderProvider() {
            @Override
            public GeneratedImage draw(ImageRequest request) {
                drawn.incrementAndGet();
                return super.draw(request);
            }
        };
        JobProcessor processor = processor(counting, storage);
        GenerationJob job = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Blue Dream", "gpt-image-2", Map.of("size", "1024x1024"), null);

        assertThatThrownBy(() -> processor.process(job).await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(JobProcessor.Requeue.class).hasMessageContaining("object storage did not answer")
                .satisfies(e -> assertThat(((JobProcessor.Requeue) e).after()).isPositive());
        assertThat(drawn).hasValue(0);
    }

    @Test
    void anImageThatWasPaidForIsStoredOnceStorageAnswersAgainAndCompletesWithItsCost() {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(3);
        Map<String, byte[]> written = new java.util.concurrent.ConcurrentHashMap<>();
        ObjectStorage flaky = new ObjectStorage(new Storage("http://127.0.0.1:1")) {
            @Override
            public java.util.Optional<Map<String, String>> metadata(String key) {
                return java.util.Optional.empty();
            }

            @Override
            public void put(String key, byte[] content, String contentType, Map<String, String> headers,
                    Map<String, String> metadata) {
                if (refusals.getAndDecrement() > 0) {
                    throw new IllegalStateException("object storage failed for " + key);
                }
                written.put(key, content);
            }
        };
        Cost paid = new Cost(new BigDecimal("0.031930"), Cost.USAGE);
        Usage usage = new Usage(50, 50, 0, 1056, 1056, 0);
        java.util.concurrent.atomic.AtomicInteger drawn = new java.util.concurrent.atomic.AtomicInteger();
        PlaceholderProvider paidProvider = new PlaceholderProvider() {
            @Override
            public GeneratedImage draw(ImageRequest request) {
                drawn.incrementAndGet();
                GeneratedImage image = super.draw(request);
                return new GeneratedImage(image.bytes(), "openai", request.model(), usage, paid, null);
            }
        };
        JobProcessor processor = processor(paidProvider, flaky);
        GenerationJob job = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Gelato", "gpt-image-2", Map.of("quality", "medium"), null);

        GenerationResult.Completed completed = (GenerationResult.Completed) processor.process(job).await().atMost(Duration.ofSeconds(60));

        assertThat(drawn).hasValue(1);
        assertThat(written).containsKeys(completed.imageKey(), completed.thumbnailKey());
        assertThat(completed.costUsd()).isEqualByComparingTo("0.031930");
        assertThat(completed.costBasis()).isEqualTo("usage");
        assertThat(completed.usage()).isEqualTo(usage);
    }

    /** A processor around an unlimited provider (no rate limiter, no publisher, every claim granted) with the default settings. */
    private static JobProcessor processor(PlaceholderProvider provider, ObjectStorage storage) {
        WorkerConfig config = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(WorkerConfig.class).build().getConfigMapping(WorkerConfig.class);
        ProviderCalls calls = new ProviderCalls(new ProviderChoice(new NoKey(), null, provider), null, config, null);
        JobClaims claimsEverything = new JobClaims(null, config, null) {
            @Override
            public io.smallrye.mutiny.Uni<Outcome> claim(GenerationJob job) {
                return io.smallrye.mutiny.Uni.createFrom().item(Outcome.CLAIMED);
            }
        };
        return new JobProcessor(calls, claimsEverything, storage, null, null, config, null, new WorkPool(config));
    }

    private record Storage(String endpoint) implements StorageConfig {
        public String accessKey() {
            return "studio";
        }

        public String secretKey() {
            return "studio-secret";
        }

        public String bucket() {
            return "studio-images";
        }

        public String region() {
            return "us-east-1";
        }

        public Optional<String> publicEndpoint() {
            return Optional.empty();
        }

        public java.time.Duration linkExpiry() {
            return java.time.Duration.ofHours(1);
        }

        public java.time.Duration connectTimeout() {
            return java.time.Duration.ofSeconds(5);
        }

        public java.time.Duration timeout() {
            return java.time.Duration.ofSeconds(30);
        }
    }

    private static final class NoKey implements OpenAiConfig {
        public String baseUrl() {
            return "http://127.0.0.1:1";
        }

        public Optional<String> apiKey() {
            return Optional.empty();
        }

        public Optional<String> organization() {
            return Optional.empty();
        }
    }
}
