package studio.batch.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * template-service, called with the vendor's own token (or the platform's service token, naming the
 * vendor in its header): one bulk render per batch.
 */
@RegisterRestClient(configKey = "template-service")
@RegisterProvider(PeerErrors.class)
@Path("/api/vendor/media/prompt-templates")
public interface TemplateClient {

    record RenderRequest(List<Map<String, String>> rows) {
    }

    record RenderedRow(int row, String prompt, List<String> missing, List<String> unknown) {
    }

    record RenderReport(UUID templateId, int version, List<String> variables, List<RenderedRow> rows, int invalidRows) {
    }

    /** What batch-service needs to know of a template: that the caller may use it. */
    record TemplateRef(UUID id, String name, boolean isPublic) {
    }

    /** The template as the caller sees it: 404 ({@link PeerErrors.PeerNotFound}) for one it may not use. */
    @GET
    @Path("/{id}")
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = {PeerErrors.PeerUnavailable.class, jakarta.ws.rs.ProcessingException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = {PeerErrors.PeerNotFound.class, PeerErrors.PeerRejected.class})
    Uni<TemplateRef> get(@HeaderParam("Authorization") String authorization,
            @HeaderParam(studio.common.tenancy.Claims.VENDOR_HEADER) String vendor, @PathParam("id") UUID templateId);

    @POST
    @Path("/{id}/render")
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = {PeerErrors.PeerUnavailable.class, jakarta.ws.rs.ProcessingException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = {PeerErrors.PeerNotFound.class, PeerErrors.PeerRejected.class})
    Uni<RenderReport> render(@HeaderParam("Authorization") String authorization,
            @HeaderParam(studio.common.tenancy.Claims.VENDOR_HEADER) String vendor, @PathParam("id") UUID templateId,
            RenderRequest request);
}
