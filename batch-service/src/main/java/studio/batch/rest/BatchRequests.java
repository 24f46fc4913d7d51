package studio.batch.rest;

import java.util.List;
import java.time.Instant;
import java.util.Map;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import studio.batch.client.StyleClient;
import studio.common.api.Visible;
import studio.common.events.Priority;
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
 * A batch request as the API takes it ({@link CreateBatch}: rows, inline products or
 * catalogue products) turned into the service's {@link NewBatch}, and started: shared by the batch
 * and the product endpoints, so that no resource calls another.
 */
@ApplicationScoped
public class BatchRequests {

    /** One style of a mix and its weight in percent (style-service checks the mix). */
    public record MixPart(@NotNull UUID styleId, @NotNull Integer weight) {
    }

    /**
     * One product of a product-list batch. It fills the seed's template variables: {@code name} is
     * {@code {product_name}}, {@code category} {@code {category}}, {@code strainType}
     * {@code {strain_type}}, {@code brand} {@code {brand_name}}, and each {@code custom} entry the
     * variable of its name (for example {@code custom_1}).
     */
    public record Product(
            @NotBlank @Visible @Size(max = 255) String name,
            @Size(max = 100) String category,
            @Size(max = 100) String strainType,
            @Size(max = 255) String brand,
            @Size(max = 20) Map<@Pattern(regexp = "[a-z][a-z0-9_]{0,63}", message = "a variable name: a-z, 0-9, _") String,
                    @NotNull @Size(max = 1000) String> custom) {

        Map<String, String> variables(Map<String, String> shared) {
            Map<String, String> row = new java.util.LinkedHashMap<>(shared == null ? Map.of() : shared);
            row.putAll(studio.batch.repository.Product.variables(name, category, strainType, brand, custom));
            return row;
        }
    }

    /**
     * {@code POST} body: either {@code rows} (each maps the template's variable names to values) or
     * {@code products} (each fills the seed's product variables; {@code variables} gives values
     * every product shares, such as {@code background}). A style ({@code styleId}) or a {@code mix},
     * and {@code tuning}, apply to every row; style-service composes them. {@code scheduledFor} (a
     * time) or {@code "schedule": "off-peak"} holds the batch until then. A row whose request is
     * identical to one the vendor already has an image for reuses that image at no cost, unless
     * {@code fresh} is true.
     */
    public record CreateBatch(
            @Visible @Size(max = 255) String name,
            @NotNull UUID templateId,
            UUID styleId,
            List<@NotNull MixPart> mix,
            Map<String, Object> tuning,
            Map<String, Object> parameters,
            Priority priority,
            @Size(min = 1, max = BatchResource.MAX_ROWS) List<@NotNull Map<String, String>> rows,
            @Size(min = 1, max = BatchResource.MAX_ROWS) List<@NotNull @Valid Product> products,
            @Size(max = 50) Map<String, @NotNull @Size(max = 1000) String> variables,
            Instant scheduledFor,
            String schedule,
            Boolean fresh,
            @Size(min = 1, max = BatchResource.MAX_ROWS) List<@NotNull UUID> productIds) {
    }

    /** A request's schedule (null: run at once); 400 with its problems. */
    static Schedules.Schedule schedule(Instant scheduledFor, String kind) {
        List<Problem.FieldError> problems = Schedules.problems(scheduledFor, kind);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The schedule is invalid.", problems);
        }
        return Schedules.Schedule.of(scheduledFor, kind);
    }

    static List<StyleClient.MixPart> mix(List<MixPart> mix) {
        return mix == null ? null : mix.stream().map(p -> new StyleClient.MixPart(p.styleId(), p.weight())).toList();
    }

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
    Uni<Response> create(String authorization, String idempotencyKey, CreateBatch request) {
        Accepted.checkIdempotencyKey(idempotencyKey);
        UUID vendorId = vendor.id();
        return newBatch(vendorId, request)
                .chain(b -> service.create(vendorId, authorization, idempotencyKey, b))
                .chain(created -> Accepted.batch(estimates, created));
    }

    /** The request as the service takes it: rows, inline products or catalogue products, with its schedule. */
    Uni<NewBatch> newBatch(UUID vendorId, CreateBatch request) {
        int sources = (request.rows() == null ? 0 : 1) + (request.products() == null ? 0 : 1) + (request.productIds() == null ? 0 : 1);
        if (sources != 1) {
            throw ProblemException.invalid("Send one of rows, products and productIds.", List.of(Problem.FieldError.of(
                    request.rows() == null ? "rows" : "products", "exactly one of rows, products (described inline) and productIds"
                            + " (catalogue products)")));
        }
        Schedules.Schedule schedule = schedule(request.scheduledFor(), request.schedule());
        boolean fresh = Boolean.TRUE.equals(request.fresh());
        if (request.productIds() != null) {
            // catalogue products: each fills a row and each image is linked to its product
            return products.batchFor(vendorId, new ProductGeneration.Request(request.productIds(), request.templateId(), request.styleId(),
                    mix(request.mix()), request.tuning(), request.parameters(), request.priority(), request.variables()))
                    .map(b -> b.scheduled(schedule).fresh(fresh));
        }
        if (request.variables() != null && request.rows() != null) {
            throw ProblemException.invalid("Shared variables go with products.", List.of(Problem.FieldError.of("variables",
                    "only with products; put them in each row instead")));
        }
        NewBatch.Source source = request.rows() != null ? new NewBatch.Rows(request.templateId(), request.rows())
                : new NewBatch.Products(request.templateId(), request.products().stream().map(p -> p.variables(request.variables())).toList(),
                        null);
        Look look = new Look(request.styleId(), mix(request.mix()), request.tuning(), request.parameters());
        return Uni.createFrom().item(new NewBatch(request.name(), source, look, request.priority(), schedule, fresh));
    }
}
