package studio.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Object storage settings ({@code studio.storage.*}). */
@ConfigMapping(prefix = "studio.storage")
public interface StorageConfig {

    /** S3 endpoint, for example {@code http://minio:9000}. */
    String endpoint();

    String accessKey();

    String secretKey();

    /** The bucket results are stored in; made at start-up when missing. */
    @WithDefault("studio-images")
    String bucket();

    @WithDefault("us-east-1")
    String region();
}
