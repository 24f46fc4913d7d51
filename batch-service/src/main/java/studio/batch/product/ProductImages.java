package studio.batch.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.ProductRepository;
import studio.common.events.ProductEvent;
import studio.common.outbox.Outbox;

/**
 * Which catalogue product an image is of: a batch over products knows; any other prompt is matched
 * by the product names it contains. A completed image of a product is announced to the shop
 * ({@code product.image.linked}).
 */
@ApplicationScoped
public class ProductImages {

    /** Products a prompt is matched against at most (the vendor's newest first). */
    static final int MATCH_CANDIDATES = 5000;

    private final ProductRepository products;
    private final Outbox outbox;

    public ProductImages(ProductRepository products, Outbox outbox) {
        this.products = products;
        this.outbox = outbox;
    }

    /**
     * Smart matching: for each prompt, the vendor's product whose name it contains as whole words
     * (any case; the longest name wins), else null.
     */
    public Uni<List<UUID>> match(UUID vendorId, List<String> prompts) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT cast(id AS text), lower(name) FROM products WHERE vendor_id = ?1 ORDER BY length(name) DESC, created_at DESC LIMIT "
                        + MATCH_CANDIDATES, Object[].class).setParameter(1, vendorId).getResultList())
                .map(rows -> {
                    List<UUID> matched = new ArrayList<>(prompts.size());
                    for (String prompt : prompts) {
                        matched.add(rows.isEmpty() ? null : matchOne(prompt.toLowerCase(Locale.ROOT), rows));
                    }
                    return matched;
                });
    }

    private static UUID matchOne(String prompt, List<Object[]> byLength) {
        for (Object[] row : byLength) {
            String name = (String) row[1];
            int at = prompt.indexOf(name);
            while (at >= 0) {
                boolean startsWord = at == 0 || !Character.isLetterOrDigit(prompt.charAt(at - 1));
                int end = at + name.length();
                boolean endsWord = end == prompt.length() || !Character.isLetterOrDigit(prompt.charAt(end));
                if (startsWord && endsWord) {
                    return UUID.fromString((String) row[0]);
                }
                at = prompt.indexOf(name, at + 1);
            }
        }
        return null;
    }

    /**
     * Announces that an image of a product completed ({@code product.image.linked}), in the
     * transaction that completed it; nothing for an image without a product (or whose product is gone).
     */
    public Uni<Void> announce(GenerationItem item, Instant linkedAt) {
        return announce(item.vendorId, item.productId, item.id, item.batchId, item.name, item.productMatch, linkedAt);
    }

    /** See {@link #announce(GenerationItem, Instant)}: an image by its parts, for one not loaded as an entity. */
    public Uni<Void> announce(UUID vendorId, UUID productId, UUID itemId, UUID batchId, String name, String match, Instant linkedAt) {
        if (productId == null) {
            return Uni.createFrom().voidItem();
        }
        return products.findById(productId).chain(product -> product == null ? Uni.createFrom().voidItem()
                : outbox.publish(new ProductEvent.ImageLinked(vendorId, product.id, product.externalId, itemId, batchId, name, match,
                        linkedAt)).replaceWithVoid());
    }
}
