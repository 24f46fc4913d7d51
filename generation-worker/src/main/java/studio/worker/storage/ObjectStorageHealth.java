package studio.worker.storage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the results bucket is reachable (and made, on first start). */
@Readiness
@ApplicationScoped
public class ObjectStorageHealth implements HealthCheck {

    private final ObjectStorage storage;

    public ObjectStorageHealth(ObjectStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object-storage").withData("bucket", storage.bucket())
                .withData("endpoint", storage.endpoint());
        try {
            return response.status(storage.ensureBucket() && storage.reachable()).build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
