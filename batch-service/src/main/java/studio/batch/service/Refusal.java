package studio.batch.service;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What batch-service refuses because of the state things are in: a batch that has ended, nothing to
 * retry, a budget that is spent. (A request of the wrong shape is a {@code ProblemException.invalid}
 * 400 instead.) Services throw these in their own terms; {@code rest.RefusalProblems} alone decides
 * the status and problem type each becomes.
 */
public abstract sealed class Refusal extends RuntimeException {

    private Refusal(String detail) {
        super(detail, null, false, false);
    }

    /** Figures the answer carries beside its detail, in order (none by default). */
    public Map<String, Object> figures() {
        return null;
    }

    /** Cancelling a batch that already completed or failed. */
    public static final class BatchEnded extends Refusal {
        public BatchEnded(UUID batchId, studio.batch.repository.BatchStatus status) {
            super("Batch " + batchId + " has already ended as " + status.wireName() + "; there is nothing to cancel.");
        }
    }

    /** Retrying a cancelled batch. */
    public static final class BatchCancelled extends Refusal {
        public BatchCancelled(UUID batchId) {
            super("Batch " + batchId + " was cancelled; start a new batch instead.");
        }
    }

    /** Retrying a batch without failed items. */
    public static final class NothingToRetry extends Refusal {
        public NothingToRetry(UUID batchId) {
            super("Batch " + batchId + " has no failed items.");
        }
    }

    /** Moving a batch that is no longer waiting for its time. */
    public static final class BatchNotScheduled extends Refusal {
        public BatchNotScheduled(UUID batchId, studio.batch.repository.BatchStatus status) {
            super("Batch " + batchId + " is " + status.wireName() + "; only a scheduled batch can be moved.");
        }
    }

    /** Rating an image, or picking it as an A/B test's winner, before it completed. */
    public static final class ImageNotCompleted extends Refusal {
        public ImageNotCompleted(UUID itemId, studio.batch.repository.ItemStatus status, String onlyCompleted) {
            super("Image " + itemId + " is " + status.wireName() + "; " + onlyCompleted + ".");
        }
    }

    /** An Idempotency-Key the vendor already used for another request. */
    public static final class IdempotencyKeyReused extends Refusal {
        public IdempotencyKeyReused(String key, UUID batchId) {
            super("The Idempotency-Key " + key + " was used for a different request (batch " + batchId
                    + "); use a new key for a new request.");
        }
    }

    /** A catalogue product whose external id another product of the vendor's already has. */
    public static final class ProductExists extends Refusal {
        public ProductExists(UUID productId, String externalId) {
            super("Product " + productId + " already has the external id " + externalId + "; update it instead.");
        }
    }

    /** Work whose estimate does not fit what is left of the vendor's monthly budget; nothing was created. */
    public static final class BudgetExceeded extends Refusal {
        private final Map<String, Object> figures = new LinkedHashMap<>();

        public BudgetExceeded(Costs.Budget budget, BigDecimal estimate) {
            super("This work is estimated at $" + estimate.toPlainString() + " but only $" + budget.remainingUsd().toPlainString()
                    + " of the monthly budget of $" + budget.monthlyLimitUsd().toPlainString() + " is left ($"
                    + budget.spentUsd().toPlainString() + " spent in " + budget.month() + ", $"
                    + budget.reservedUsd().toPlainString() + " reserved by work still queued). Nothing was created.");
            figures.put("month", budget.month());
            figures.put("monthlyLimitUsd", budget.monthlyLimitUsd());
            figures.put("spentUsd", budget.spentUsd());
            figures.put("reservedUsd", budget.reservedUsd());
            figures.put("remainingUsd", budget.remainingUsd());
            figures.put("estimatedCostUsd", estimate);
        }

        @Override
        public Map<String, Object> figures() {
            return figures;
        }
    }

    /** New work that would take a vendor past its plan's cap on images not yet ended. */
    public static final class QueueFull extends Refusal {
        private final Map<String, Object> figures = new LinkedHashMap<>();

        public QueueFull(String plan, int limit, long queued, int requested) {
            super("This work adds " + requested + " image(s) to the " + queued + " of yours not yet ended; your plan (" + plan
                    + ") allows " + limit + " at once. Nothing was created: send it once more of your images have ended, or in parts.");
            figures.put("plan", plan);
            figures.put("maxQueuedItems", limit);
            figures.put("queuedItems", queued);
            figures.put("requestedItems", requested);
        }

        @Override
        public Map<String, Object> figures() {
            return figures;
        }
    }

    /** New work that would take a vendor past its plan's cap on batches running at once. */
    public static final class TooManyRunningBatches extends Refusal {
        private final Map<String, Object> figures = new LinkedHashMap<>();

        public TooManyRunningBatches(String plan, int limit, long running) {
            super("You have " + running + " batch(es) running; your plan (" + plan + ") allows " + limit
                    + " at once. Nothing was created: send it once one of them has ended.");
            figures.put("plan", plan);
            figures.put("maxRunningBatches", limit);
            figures.put("runningBatches", running);
        }

        @Override
        public Map<String, Object> figures() {
            return figures;
        }
    }
}
