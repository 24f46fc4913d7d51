package studio.worker.storage;

import jakarta.enterprise.context.ApplicationScoped;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import studio.worker.config.StorageConfig;

/** The worker's state: the results bucket in S3-compatible storage, reached through the MinIO client. */
@ApplicationScoped
public class ObjectStorage {

    private final MinioClient client;
    private final StorageConfig config;

    public ObjectStorage(StorageConfig config) {
        this.config = config;
        this.client = MinioClient.builder().endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey()).region(config.region()).build();
    }

    /** Makes the results bucket when it is missing; true when it is there afterwards. */
    public boolean ensureBucket() throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
        }
        return true;
    }

    public String bucket() {
        return config.bucket();
    }

    public String endpoint() {
        return config.endpoint();
    }
}
