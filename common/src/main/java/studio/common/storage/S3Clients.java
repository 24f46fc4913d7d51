package studio.common.storage;

import io.minio.MinioClient;

/** The one way a service makes its S3 client: the configured endpoint, credentials and region, and timeouts. */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client of {@code endpoint} (the services' own, or the public one links point at) with the configured timeouts. */
    public static MinioClient of(StorageConfig config, String endpoint) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).build();
        long timeout = config.timeout().toMillis();
        client.setTimeout(config.connectTimeout().toMillis(), timeout, timeout);
        return client;
    }

    /** A client of the services' endpoint. */
    public static MinioClient of(StorageConfig config) {
        return of(config, config.endpoint());
    }
}
