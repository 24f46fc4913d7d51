package studio.batch.rest;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.batch.service.BatchService;
import studio.batch.service.Estimates;
import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * The answer of a POST that starts work (a batch, a single image): 202 with what to follow and its
 * {@code Location}, {@code Idempotent-Replayed: true} when an earlier request with the same
 * {@code Idempotency-Key} made it.
 */
final class Accepted {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private Accepted() {
    }

    /** 202 with the batch and its {@code Location}; a replay of an earlier request says so. */
    static Uni<Response> batch(Estimates estimates, BatchService.Created created) {
        return estimates.secondsLeft(java.util.List.of(created.batch())).map(left -> accepted(BatchResource.BatchView.of(created.batch(), left),
                "/api/vendor/media/generate/batch/" + created.batch().id, created.replayed()));
    }

    static Response accepted(Object entity, String location, boolean replayed) {
        var response = Response.accepted(entity).location(URI.create(location));
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    /** 400 for an {@code Idempotency-Key} that is not 1 to 255 visible ASCII characters. */
    static void checkIdempotencyKey(String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.invalid("The Idempotency-Key header is malformed.",
                    List.of(Problem.FieldError.of("Idempotency-Key", "1 to 255 visible ASCII characters")));
        }
    }
}
