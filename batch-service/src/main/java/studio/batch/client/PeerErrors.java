package studio.batch.client;

import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import studio.common.error.Problem;

/**
 * What a peer service's error answer means to batch-service: a missing resource, a refusal (4xx,
 * not worth retrying) or unavailability (5xx, retried and counted by the circuit breaker).
 */
public class PeerErrors implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The peer says the referenced resource does not exist (for this vendor). */
    public static class PeerNotFound extends RuntimeException {
        public PeerNotFound(String message) {
            super(message);
        }
    }

    /** The peer refused the call (4xx other than 404); {@code problem} is its problem+json answer, when it sent one. */
    public static class PeerRejected extends RuntimeException {
        private final transient Problem problem;
        private final int status;

        public PeerRejected(String message, int status, Problem problem) {
            super(message);
            this.status = status;
            this.problem = problem;
        }

        /** The peer's HTTP status. */
        public int status() {
            return status;
        }

        public Optional<Problem> problem() {
            return Optional.ofNullable(problem);
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
        return status >= 500 ? new PeerUnavailable(message) : new PeerRejected(message, status, problem(body));
    }

    private static Problem problem(String body) {
        try {
            return body.isBlank() ? null : JSON.readValue(body, Problem.class);
        } catch (JsonProcessingException notAProblem) {
            return null;
        }
    }
}
