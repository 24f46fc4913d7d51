package studio.style.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * batch-service, called with the caller's token to generate a style's previews through the normal
 * pipeline. The preview request's id goes as the {@code Idempotency-Key}, so a retry after a lost
 * answer gets the same batch rather than a second one.
 */
@RegisterRestClient(configKey = "batch-service")
@Path("/api/vendor/media/generate/batch")
public interface BatchClient {

    record NewBatch(String name, UUID templateId, UUID styleId, Map<String, Object> parameters, String priority,
            List<Map<String, String>> rows) {
    }

    record Batch(UUID id, int totalImages) {
    }

    @POST
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, retryOn = {ProcessingException.class, TimeoutException.class})
    Uni<Batch> create(@HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String idempotencyKey,
            NewBatch batch);
}
