package studio.common.storage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Object storage settings ({@code studio.storage.*}); defaults in common's shared settings match {@code ./studio up}. */
@ConfigMapping(prefix = "studio.storage")
public interface StorageConfig {

    /** S3 endpoint as the services reach it, for example {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    /** The bucket results are stored in; the worker makes it when missing. */
    @WithDefault("studio-images")
    String bucket();

    @WithDefault("us-east-1")
    String region();

    /** The endpoint that image links point at, when clients reach storage by another address than the services. */
    Optional<String> publicEndpoint();

    /** How long an image link stays valid. */
    @WithDefault("1h")
    Duration linkExpiry();

    /** How long connecting to storage may take before the call fails (the client's own default waits 5 minutes). */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long storage may stay silent while a request is written or its answer read before the call
     * fails, so that a hung store cannot hold every storage thread.
     */
    @WithDefault("30s")
    Duration timeout();
}
