package studio.common.storage;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.Http;
import io.quarkus.runtime.Startup;

/**
 * Links to stored images that a client can open without credentials: presigned S3 GET URLs, valid
 * for {@code studio.storage.link-expiry}. Signing is local (the region is configured), so making a
 * link costs no request to the storage.
 */
@ApplicationScoped
// made at start-up: making the S3 client loads MinIO and OkHttp, which blocked the event loop of the first
// request that needed it for up to a second (a lazily made bean is made where it is first used)
@Startup
public class ImageLinks {

    private final MinioClient signer;
    private final StorageConfig config;

    public ImageLinks(StorageConfig config) {
        this.config = config;
        this.signer = S3Clients.of(config, config.publicEndpoint().orElse(config.endpoint()));
    }

    /** A link to the object under {@code key}; null for no key. */
    public String link(String key) {
        if (key == null) {
            return null;
        }
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(config.bucket())
                    .object(key).expiry((int) config.linkExpiry().toSeconds(), TimeUnit.SECONDS).build());
        } catch (Exception e) {
            throw new IllegalStateException("no link can be made for " + key, e);
        }
    }
}
