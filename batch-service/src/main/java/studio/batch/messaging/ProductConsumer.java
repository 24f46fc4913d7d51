package studio.batch.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.batch.product.ProductGeneration;
import studio.batch.product.Products;
import studio.common.messaging.UntilAvailable;
import studio.common.error.Problem;
import studio.common.events.EventTypes;
import studio.common.events.ProductEvent;

/**
 * The vendors' e-commerce platforms publish their products to {@code studio.products}: created and
 * updated ones are kept (by the shop's id), deleted ones removed, and a created one is auto-generated
 * when its vendor asks for that. A record that is not a valid product event is logged and skipped:
 * another system's data cannot be fixed by retrying.
 */
@ApplicationScoped
public class ProductConsumer {

    private static final Logger LOG = Logger.getLogger(ProductConsumer.class);

    private final Products products;
    private final ProductGeneration generation;
    private final ObjectMapper json;
    private final UntilAvailable database;

    public ProductConsumer(Products products, ProductGeneration generation, ObjectMapper json, UntilAvailable database) {
        this.products = products;
        this.generation = generation;
        this.json = json;
        this.database = database;
    }

    @Incoming("products")
    @Retry(maxRetries = 10, delay = 500, jitter = 250, maxDuration = 60_000, abortOn = IllegalArgumentException.class)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        ProductEvent event;
        try {
            event = EventTypes.decode(json, record, ProductEvent.class).orElse(null);
        } catch (IllegalArgumentException malformed) {
            LOG.warnf("Skipping a malformed record on %s (key %s): %s", record.topic(), record.key(), malformed.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (event == null || event.vendorId() == null) {
            LOG.warnf("Skipping a record on %s that is no product event of a vendor (key %s)", record.topic(), record.key());
            return Uni.createFrom().voidItem();
        }
        if (event instanceof ProductEvent.Deleted deleted) {
            return database.run("products", () -> Panache.withTransaction(() -> products.deleteExternal(deleted.vendorId(),
                    deleted.externalId())).replaceWithVoid());
        }
        if (!(event instanceof ProductEvent.Description description)) {
            return Uni.createFrom().voidItem();
        }
        Products.Input input = Products.Input.of(description);
        List<Problem.FieldError> problems = input.problems("");
        if (description.externalId() == null || description.externalId().isBlank()) {
            problems = new java.util.ArrayList<>(problems);
            problems.add(Problem.FieldError.of("externalId", "required on " + event.type()));
        }
        if (!problems.isEmpty()) {
            LOG.warnf("Skipping %s of vendor %s (key %s): %s", event.type(), event.vendorId(), record.key(), problems);
            return Uni.createFrom().voidItem();
        }
        boolean created = event instanceof ProductEvent.Created;
        // the product is kept through an outage of the database; its auto-generation logs its own failures
        return database.run("products", () -> products.upsert(event.vendorId(), List.of(input)))
                .chain(done -> created ? generation.onCreated(event.vendorId(), null, done.created()).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }
}
