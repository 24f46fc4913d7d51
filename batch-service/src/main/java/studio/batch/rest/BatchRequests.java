package studio.batch.rest;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import studio.batch.product.ProductGeneration;
import studio.batch.service.BatchService;
import studio.batch.service.Estimates;
import studio.batch.service.Look;
import studio.batch.service.NewBatch;
import studio.batch.service.Schedules;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/**
 * A batch request as the API takes it ({@link BatchResource.CreateBatch}: rows, inline products or
 * catalogue products) turned into the service's {@link NewBatch}, and started: shared by the batch
 * and the product endpoints, so that no resource calls another.
 */
@ApplicationScoped
public class BatchRequests {

    private final BatchService service;
    private final ProductGeneration products;
    private final Estimates estimates;
    private final CurrentVendor vendor;

    public BatchRequests(BatchService service, ProductGeneration products, Estimates estimates, CurrentVendor vendor) {
        this.service = service;
        this.products = products;
        this.estimates = estimates;
        this.vendor = vendor;
    }

    /** Starts the batch: 202 with its {@code Location} (see {@link BatchResource#create}). */
    Uni<Response> create(String authorization, String idempotencyKey, BatchResource.CreateBatch request) {
        BatchResource.checkIdempotencyKey(idempotencyKey);
        UUID vendorId = vendor.id();
        return newBatch(vendorId, request)
                .chain(b -> service.create(vendorId, authorization, idempotencyKey, b))
                .chain(created -> BatchResource.accepted(estimates, created));
    }

    /** The request as the service takes it: rows, inline products or catalogue products, with its schedule. */
    Uni<NewBatch> newBatch(UUID vendorId, BatchResource.CreateBatch request) {
        int sources = (request.rows() == null ? 0 : 1) + (request.products() == null ? 0 : 1) + (request.productIds() == null ? 0 : 1);
        if (sources != 1) {
            throw ProblemException.invalid("Send one of rows, products and productIds.", List.of(Problem.FieldError.of(
                    request.rows() == null ? "rows" : "products", "exactly one of rows, products (described inline) and productIds"
                            + " (catalogue products)")));
        }
        Schedules.Schedule schedule = BatchResource.schedule(request.scheduledFor(), request.schedule());
        boolean fresh = Boolean.TRUE.equals(request.fresh());
        if (request.productIds() != null) {
            // catalogue products: each fills a row and each image is linked to its product
            return products.batchFor(vendorId, new ProductGeneration.Request(request.productIds(), request.templateId(), request.styleId(),
                    BatchResource.mix(request.mix()), request.tuning(), request.parameters(), request.priority(), request.variables()))
                    .map(b -> b.scheduled(schedule).fresh(fresh));
        }
        if (request.variables() != null && request.rows() != null) {
            throw ProblemException.invalid("Shared variables go with products.", List.of(Problem.FieldError.of("variables",
                    "only with products; put them in each row instead")));
        }
        NewBatch.Source source = request.rows() != null ? new NewBatch.Rows(request.templateId(), request.rows())
                : new NewBatch.Products(request.templateId(), request.products().stream().map(p -> p.variables(request.variables())).toList(),
                        null);
        Look look = new Look(request.styleId(), BatchResource.mix(request.mix()), request.tuning(), request.parameters());
        return Uni.createFrom().item(new NewBatch(request.name(), source, look, request.priority(), schedule, fresh));
    }
}
