package studio.batch.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * style-service, called with the vendor's own token (or the platform's service token, naming the
 * vendor in its header): one bulk composition (style or mix, tuning) per batch.
 */
@RegisterRestClient(configKey = "style-service")
@RegisterProvider(PeerErrors.class)
@Path("/api/vendor/media/style-presets")
public interface StyleClient {

    /** One style of a mix and its weight in percent. */
    record MixPart(UUID styleId, int weight) {
    }

    /** Prompts and a style or a mix, tuning (passed through as the vendor sent it) and parameters. */
    record ComposeRequest(List<String> prompts, UUID styleId, List<MixPart> mix, Map<String, Object> tuning,
            Map<String, Object> parameters) {
    }

    /** The final prompts, the parameters every job carries, and the report (kept with the batch). */
    record Composition(String model, List<String> prompts, Map<String, Object> parameters, List<Map<String, Object>> applied,
            List<Map<String, Object>> conflicts) {
    }

    @POST
    @Path("/compose")
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = {PeerErrors.PeerUnavailable.class, jakarta.ws.rs.ProcessingException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = {PeerErrors.PeerNotFound.class, PeerErrors.PeerRejected.class})
    Uni<Composition> compose(@HeaderParam("Authorization") String authorization,
            @HeaderParam(studio.common.tenancy.Claims.VENDOR_HEADER) String vendor, ComposeRequest request);
}
