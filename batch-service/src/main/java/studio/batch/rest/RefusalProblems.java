package studio.batch.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import studio.batch.service.Refusal;
import studio.common.error.ProblemException;
import studio.common.error.ProblemMappers;

/** The one place where each of the services' {@link Refusal}s becomes its problem+json: status, type and title. */
public class RefusalProblems {

    @ServerExceptionMapper
    public Response refused(Refusal refusal, UriInfo uri) {
        return ProblemMappers.respond(asProblem(refusal).toProblem(uri.getPath()));
    }

    static ProblemException asProblem(Refusal refusal) {
        if (refusal instanceof Refusal.BatchEnded) {
            return problem(409, "batch-ended", "Batch already ended", refusal);
        } else if (refusal instanceof Refusal.BatchCancelled) {
            return problem(409, "batch-cancelled", "Batch cancelled", refusal);
        } else if (refusal instanceof Refusal.NothingToRetry) {
            return problem(409, "nothing-to-retry", "Nothing to retry", refusal);
        } else if (refusal instanceof Refusal.BatchNotScheduled) {
            return problem(409, "batch-not-scheduled", "Batch not scheduled", refusal);
        } else if (refusal instanceof Refusal.ImageNotCompleted) {
            return problem(409, "image-not-completed", "Image not completed", refusal);
        } else if (refusal instanceof Refusal.ProductExists) {
            return problem(409, "product-exists", "Product exists", refusal);
        } else if (refusal instanceof Refusal.IdempotencyKeyReused) {
            return problem(422, "idempotency-key-reused", "Idempotency-Key reused", refusal);
        } else if (refusal instanceof Refusal.BudgetExceeded) {
            return problem(422, "budget-exceeded", "Monthly budget exceeded", refusal);
        } else if (refusal instanceof Refusal.QueueFull) {
            return problem(422, "queued-items-limit", "Too many images queued", refusal);
        } else if (refusal instanceof Refusal.TooManyRunningBatches) {
            return problem(422, "running-batches-limit", "Too many batches running", refusal);
        }
        throw new IllegalStateException("no problem for " + refusal.getClass().getName());
    }

    private static ProblemException problem(int status, String slug, String title, Refusal refusal) {
        return new ProblemException(status, slug, title, refusal.getMessage(), null, refusal.figures());
    }
}
