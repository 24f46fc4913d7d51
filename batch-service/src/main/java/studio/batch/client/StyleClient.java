package studio.batch.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
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

/** style-service, called with the vendor's own token: one bulk composition per batch. */
@RegisterRestClient(configKey = "style-service")
@RegisterProvider(PeerErrors.class)
@Path("/api/vendor/media/style-presets")
public interface StyleClient {

    record ComposeRequest(UUID styleId, List<String> prompts) {
    }

    record Composition(UUID styleId, String suffix, List<String> prompts) {
    }

    @POST
    @Path("/compose")
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = {PeerErrors.PeerUnavailable.class, jakarta.ws.rs.ProcessingException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = {PeerErrors.PeerNotFound.class, PeerErrors.PeerRejected.class})
    Uni<Composition> compose(@HeaderParam("Authorization") String authorization, ComposeRequest request);
}
