package studio.batch.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.batch.repository.Product;
import studio.batch.repository.ProductRepository;
import studio.batch.service.Refusal;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.api.Visible;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.ProductEvent;
import studio.common.outbox.Outbox;
import studio.common.persistence.Pages;
import studio.common.persistence.Rows;

/**
 * Each vendor's product catalogue: made through the API, a CSV import, or the vendor's e-commerce
 * platform ({@code studio.products}); the images generated for a product, or whose prompt names it,
 * are linked to it and announced on {@code studio.product-images}.
 */
@ApplicationScoped
public class Products {

    private final ProductRepository products;
    private final GenerationItemRepository items;
    private final Outbox outbox;

    public Products(ProductRepository products, GenerationItemRepository items, Outbox outbox) {
        this.products = products;
        this.items = items;
        this.outbox = outbox;
    }

    /** A product as a request, an import row or an event describes it. */
    public record Input(String externalId, String name, String category, String strainType, String brand, Map<String, String> custom) {

        public static Input of(ProductEvent.Description d) {
            return new Input(d.externalId(), d.name(), d.category(), d.strainType(), d.brand(), d.custom());
        }

        /** What is wrong with it, its fields prefixed with {@code prefix}. */
        public List<Problem.FieldError> problems(String prefix) {
            List<Problem.FieldError> problems = new ArrayList<>();
            if (name == null || name.isBlank()) {
                problems.add(Problem.FieldError.of(prefix + "name", "required"));
            } else if (!Visible.Validator.holds(name)) {
                problems.add(Problem.FieldError.of(prefix + "name", Visible.MESSAGE));
            } else if (name.length() > 255) {
                problems.add(Problem.FieldError.of(prefix + "name", "at most 255 characters"));
            }
            length(problems, prefix + "externalId", externalId, 255);
            length(problems, prefix + "category", category, 100);
            length(problems, prefix + "strainType", strainType, 100);
            length(problems, prefix + "brand", brand, 255);
            if (custom != null) {
                if (custom.size() > 20) {
                    problems.add(Problem.FieldError.of(prefix + "custom", "at most 20 fields"));
                }
                custom.forEach((key, value) -> {
                    if (key == null || !key.matches("[a-z][a-z0-9_]{0,63}")) {
                        problems.add(Problem.FieldError.of(prefix + "custom", "a variable name: a-z, 0-9, _ (" + key + ")"));
                    }
                    length(problems, prefix + "custom." + key, value, 1000);
                });
            }
            return problems;
        }

        private static void length(List<Problem.FieldError> problems, String field, String value, int max) {
            if (value != null && value.length() > max) {
                problems.add(Problem.FieldError.of(field, "at most " + max + " characters"));
            }
        }

        void applyTo(Product product) {
            product.externalId = blankToNull(externalId);
            product.name = name.strip();
            product.category = blankToNull(category);
            product.strainType = blankToNull(strainType);
            product.brand = blankToNull(brand);
            product.custom = custom == null ? new LinkedHashMap<>() : new LinkedHashMap<>(custom);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** Makes a product: 409 when the vendor already has one with this {@code externalId}. */
    @WithTransaction
    public Uni<Product> create(UUID vendorId, Input input) {
        List<Problem.FieldError> problems = input.problems("");
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The product is invalid.", problems));
        }
        Uni<Product> existing = input.externalId() == null || input.externalId().isBlank() ? Uni.createFrom().nullItem()
                : byExternalId(vendorId, input.externalId().strip());
        return existing.chain(found -> {
            if (found != null) {
                return Uni.createFrom().failure(new Refusal.ProductExists(found.id, found.externalId));
            }
            return products.persist(newProduct(vendorId, input));
        });
    }

    @WithTransaction
    public Uni<Product> update(UUID vendorId, UUID productId, Input input) {
        List<Problem.FieldError> problems = input.problems("");
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The product is invalid.", problems));
        }
        return owned(vendorId, productId).map(product -> {
            input.applyTo(product);
            product.updatedAt = Instant.now();
            return product;
        });
    }

    /** Removes a product; its images stay (they are the vendor's) but are no longer listed under it. */
    @WithTransaction
    public Uni<Void> delete(UUID vendorId, UUID productId) {
        return owned(vendorId, productId).chain(products::delete);
    }

    /**
     * Makes one of the product's completed images its own (null: none): 400 naming {@code itemId}
     * for an image that is not a completed one linked to this product.
     */
    @WithTransaction
    public Uni<Product> chooseImage(UUID vendorId, UUID productId, UUID itemId) {
        return owned(vendorId, productId).chain(product -> itemId == null ? Uni.createFrom().item(product)
                : items.count("id = ?1 and vendorId = ?2 and productId = ?3 and status = ?4", itemId, vendorId, productId,
                        studio.batch.repository.ItemStatus.COMPLETED).map(found -> {
                            if (found == 0) {
                                throw ProblemException.invalid("Not an image of this product.", List.of(Problem.FieldError.of("itemId",
                                        "a completed image linked to product " + productId)));
                            }
                            return product;
                        }))
                .map(product -> {
                    product.imageItemId = itemId;
                    product.updatedAt = Instant.now();
                    return product;
                });
    }

    @WithSession
    public Uni<Product> get(UUID vendorId, UUID productId) {
        return owned(vendorId, productId);
    }

    private static Product newProduct(UUID vendorId, Input input) {
        Product product = new Product();
        product.id = UUID.randomUUID();
        product.vendorId = vendorId;
        product.createdAt = Instant.now();
        product.updatedAt = product.createdAt;
        input.applyTo(product);
        return product;
    }

    private Uni<Product> owned(UUID vendorId, UUID productId) {
        return products.find("id = ?1 and vendorId = ?2", productId, vendorId).<Product>firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Product", productId));
    }

    private Uni<Product> byExternalId(UUID vendorId, String externalId) {
        return products.find("vendorId = ?1 and externalId = ?2", vendorId, externalId).firstResult();
    }

    /** The vendor's products, by name; {@code search} in the name, {@code category} exactly (any case). */
    @WithSession
    public Uni<Page<Product>> list(UUID vendorId, String search, String category, PageRequest page) {
        StringBuilder query = new StringBuilder("vendorId = ?1");
        List<Object> parameters = new ArrayList<>(List.of(vendorId));
        if (search != null && !search.isBlank()) {
            parameters.add(Rows.containsPattern(search.strip().toLowerCase(Locale.ROOT)));
            query.append(" and lower(name) like ?").append(parameters.size()).append(" escape '\\'");
        }
        if (category != null && !category.isBlank()) {
            parameters.add(category.strip().toLowerCase(Locale.ROOT));
            query.append(" and lower(category) = ?").append(parameters.size());
        }
        return Pages.of(products.find(query.toString(), Sort.by("name").and("id"), parameters.toArray()), page);
    }

    /** What an import or an event did: the products made (in input order) and how many were updated. */
    public record Upserted(List<Product> created, int updated) {
    }

    /**
     * Makes or updates products in one transaction: by {@code externalId} when one is given, else by
     * name (any case), so that importing the same file twice changes nothing.
     */
    @WithTransaction
    public Uni<Upserted> upsert(UUID vendorId, List<Input> inputs) {
        List<Product> created = new ArrayList<>();
        int[] updated = {0};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Input input : inputs) {
            chain = chain.chain(() -> (input.externalId() != null && !input.externalId().isBlank()
                    ? byExternalId(vendorId, input.externalId().strip())
                    : products.find("vendorId = ?1 and lower(name) = ?2", vendorId, input.name().strip().toLowerCase(Locale.ROOT))
                            .<Product>firstResult())
                    .chain(found -> {
                        if (found != null) {
                            input.applyTo(found);
                            found.updatedAt = Instant.now();
                            updated[0]++;
                            return Uni.createFrom().voidItem();
                        }
                        Product product = newProduct(vendorId, input);
                        created.add(product);
                        // flushed at once: a later row of the same import may name it again
                        return products.persistAndFlush(product).replaceWithVoid();
                    }));
        }
        return chain.map(ignored -> new Upserted(created, updated[0]));
    }

    /** Removes the product the e-commerce platform deleted (nothing when unknown). */
    public Uni<Boolean> deleteExternal(UUID vendorId, String externalId) {
        return products.delete("vendorId = ?1 and externalId = ?2", vendorId, externalId).map(n -> n > 0);
    }

    /** The vendor's products of these ids in this order; 400 naming {@code productIds[i]} for each unknown one. */
    public Uni<List<Product>> resolve(UUID vendorId, List<UUID> ids) {
        return products.list("vendorId = ?1 and id in ?2", vendorId, ids).map(found -> {
            Map<UUID, Product> byId = new HashMap<>();
            found.forEach(p -> byId.put(p.id, p));
            List<Problem.FieldError> problems = new ArrayList<>();
            List<Product> ordered = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Product product = byId.get(ids.get(i));
                if (product == null) {
                    problems.add(Problem.FieldError.of("productIds[" + i + "]", "no product " + ids.get(i) + " for this vendor"));
                }
                ordered.add(product);
            }
            if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems.size() + " product(s) are unknown.", problems);
            }
            return ordered;
        });
    }

    /** A product's images, newest first (404 for another vendor's product). */
    @WithSession
    public Uni<Page<GenerationItem>> images(UUID vendorId, UUID productId, PageRequest page) {
        return owned(vendorId, productId).chain(product -> Pages.of(items.find("productId = ?1 and vendorId = ?2",
                Sort.descending("createdAt").and("id"), product.id, vendorId), page));
    }
}
