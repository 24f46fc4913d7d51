package studio.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A fault inside the worker (here: object storage that does not answer) fails the item with its
 * cause; it must not escape, for an escaping exception stops the lane's consumer for good.
 */
class JobProcessorFaultTest {

    @Test
    void unreachableStorageFailsTheItemWithTheCauseInsteadOfThrowing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ObjectStorage storage = new ObjectStorage(new Storage("http://127.0.0.1:" + closedPort));
        JobProcessor processor = processor(new PlaceholderProvider(), storage);
        GenerationJob job = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Blue Dream", "gpt-image-2", Map.of("size", "1024x1024"), null);

        GenerationResult result = processor.process(job).await().atMost(Duration.ofSeconds(30));

        assertThat(result).isInstanceOf(GenerationResult.Failed.class);
        GenerationResult.Failed failed = (GenerationResult.Failed) result;
        assertThat(failed.itemId()).isEqualTo(job.itemId());
        assertThat(failed.errorCode()).isEqualTo("worker_error");
        assertThat(failed.errorMessage()).contains("object storage failed");
    }

    @Test
    void anImageThatWasPaidForButCouldNotBeStoredFailsWithItsCost() {
        ObjectStorage refusesWrites = new ObjectStorage(new Storage("http://127.0.0.1:1")) {
            @Override
            public java.util.Optional<Map<String, String>> metadata(String key) {
                return java.util.Optional.empty();
            }

            @Override
            public void put(String key, byte[] content, String contentType, Map<String, String> headers,
                    Map<String, String> metadata) {
                throw new IllegalStateException("object storage failed for " + key);
            }
        };
        Cost paid = new Cost(new BigDecimal("0.031930"), Cost.USAGE);
        Usage usage = new Usage(50, 50, 0, 1056, 1056, 0);
        PlaceholderProvider paidProvider = new PlaceholderProvider() {
            @Override
            public GeneratedImage draw(ImageRequest request) {
                GeneratedImage image = super.draw(request);
                return new GeneratedImage(image.png(), "openai", request.model(), usage, paid, null);
            }
        };
        JobProcessor processor = processor(paidProvider, refusesWrites);
        GenerationJob job = new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD,
                "Gelato", "gpt-image-2", Map.of("quality", "medium"), null);

        GenerationResult.Failed failed = (GenerationResult.Failed) processor.process(job).await().atMost(Duration.ofSeconds(30));

        assertThat(failed.errorCode()).isEqualTo("worker_error");
        assertThat(failed.costUsd()).isEqualByComparingTo("0.031930");
        assertThat(failed.costBasis()).isEqualTo("usage");
        assertThat(failed.usage()).isEqualTo(usage);
    }

    /** A processor around an unlimited provider (no rate limiter, no publisher needed) with the default settings. */
    private static JobProcessor processor(PlaceholderProvider provider, ObjectStorage storage) {
        WorkerConfig config = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(WorkerConfig.class).build().getConfigMapping(WorkerConfig.class);
        ProviderCalls calls = new ProviderCalls(new ProviderChoice(new NoKey(), null, provider), null, config, null);
        return new JobProcessor(calls, storage, null, null, config, null, new WorkPool(config));
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
