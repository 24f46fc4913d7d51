package studio.batch.client;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What a peer service's error answer means to batch-service: a missing resource, a refusal (4xx,
 * not worth retrying) or unavailability (5xx, retried and counted by the circuit breaker).
 */
public class PeerErrors implements ResponseExceptionMapper<RuntimeException> {

    /** The peer says the referenced resource does not exist (for this vendor). */
    public static class PeerNotFound extends RuntimeException {
        public PeerNotFound(String message) {
            super(message);
        }
    }

    /** The peer refused the call (4xx other than 404). */
    public static class PeerRejected extends RuntimeException {
        public PeerRejected(String message) {
            super(message);
        }
    }

    /** The peer failed (5xx). */
    public static class PeerUnavailable extends RuntimeException {
        public PeerUnavailable(String message) {
            super(message);
        }
    }

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        String message = "HTTP " + status + (body.isBlank() ? "" : ": " + body);
        if (status == 404) {
            return new PeerNotFound(message);
        }
        return status >= 500 ? new PeerUnavailable(message) : new PeerRejected(message);
    }
}
