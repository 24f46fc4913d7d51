package studio.worker.storage;

import jakarta.enterprise.context.ApplicationScoped;


import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.Checksum;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.quarkus.runtime.Startup;
import studio.common.storage.S3Clients;
import studio.common.storage.StorageConfig;

/** The worker's state: the results bucket in S3-compatible storage, reached through the MinIO client. */
@ApplicationScoped
// made at start-up: making the S3 client loads MinIO and OkHttp, which blocked the event loop of the first
// request that needed it for up to a second (a lazily made bean is made where it is first used)
@Startup
public class ObjectStorage {

    private final MinioClient client;
    private final StorageConfig config;
    private volatile boolean bucketReady;

    public ObjectStorage(StorageConfig config) {
        this.config = config;
        this.client = S3Clients.of(config);
    }

    /** Makes the results bucket when it is missing; true when it is there afterwards. Checked once, then remembered. */
    public boolean ensureBucket() throws Exception {
        if (!bucketReady) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
            }
            bucketReady = true;
        }
        return true;
    }

    /** Whether the storage answers and the bucket exists (one request; for readiness). */
    public boolean reachable() throws Exception {
        return client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
    }

    /** Whether an object is stored under the key (a worker looks before it pays a provider). */
    public boolean exists(String key) {
        return metadata(key).isPresent();
    }

    /** An object's user metadata ({@code x-amz-meta-*} without the prefix, lower-case keys); empty when there is no such object. */
    public java.util.Optional<java.util.Map<String, String>> metadata(String key) {
        try {
            var stat = client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return java.util.Optional.of(userMetadata(stat));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return java.util.Optional.empty();
            }
            throw new IllegalStateException("object storage failed for " + key, e);
        } catch (Exception e) {
            throw new IllegalStateException("object storage failed for " + key, e);
        }
    }

    /**
     * Stores an object with HTTP headers (for example {@code Content-Disposition}) and user metadata
     * ({@code x-amz-meta-*}, ASCII). Its checksum is CRC32, which the JDK computes with the CPU's
     * instructions: the client's default, CRC32C, is its own loop over each byte (8 ms of a 2.5 MB
     * image), and SHA-256, which the signature over plain HTTP needs anyway, it refuses for one part.
     */
    public void put(String key, byte[] content, String contentType, java.util.Map<String, String> headers,
            java.util.Map<String, String> metadata) {
        try {
            ensureBucket();
            client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(key)
                    .data(content, content.length).checksum(Checksum.Algorithm.CRC32).contentType(contentType)
                    .headers(headers).userMetadata(metadata).build());
        } catch (Exception e) {
            throw new IllegalStateException("storing " + key + " failed: " + e, e);
        }
    }

    /** An object's user metadata, with its {@code content-disposition} and {@code content-type}. */
    public java.util.Map<String, String> describe(String key) {
        try {
            var stat = client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            java.util.Map<String, String> found = userMetadata(stat);
            String disposition = stat.headers().get("Content-Disposition");
            if (disposition != null) {
                found.put("content-disposition", disposition);
            }
            if (stat.contentType() != null) {
                found.put("content-type", stat.contentType());
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException("reading " + key + " failed", e);
        }
    }

    /** An object's {@code x-amz-meta-*} entries without the prefix, by lower-case key. */
    private static java.util.Map<String, String> userMetadata(io.minio.StatObjectResponse stat) {
        java.util.Map<String, String> found = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, String> entry : stat.userMetadata()) {
            found.put(entry.getKey().toLowerCase(java.util.Locale.ROOT), entry.getValue());
        }
        return found;
    }

    public byte[] get(String key) {
        try (var in = client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("reading " + key + " failed", e);
        }
    }

    public String bucket() {
        return config.bucket();
    }

    public String endpoint() {
        return config.endpoint();
    }
}
