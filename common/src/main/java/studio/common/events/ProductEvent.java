package studio.common.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Products between a vendor's e-commerce platform and the studio. The platform publishes
 * {@code product.created}, {@code product.updated} and {@code product.deleted} to
 * {@value Topics#PRODUCTS} (keyed by its own product id, {@code externalId}); batch-service keeps the
 * catalogue and publishes {@code product.image.linked} to {@value Topics#PRODUCT_IMAGES} when a
 * product gets an image.
 */
public sealed interface ProductEvent extends StudioEvent {

    UUID vendorId();

    /** A product as the e-commerce platform describes it; {@code custom} fills further template variables. */
    interface Description {
        String externalId();

        String name();

        String category();

        String strainType();

        String brand();

        Map<String, String> custom();
    }

    record Created(UUID vendorId, String externalId, String name, String category, String strainType, String brand,
            Map<String, String> custom) implements ProductEvent, Description {
        public static final String TYPE = "product.created";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String topic() {
            return Topics.PRODUCTS;
        }

        @Override
        public String aggregateId() {
            return externalId;
        }
    }

    record Updated(UUID vendorId, String externalId, String name, String category, String strainType, String brand,
            Map<String, String> custom) implements ProductEvent, Description {
        public static final String TYPE = "product.updated";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String topic() {
            return Topics.PRODUCTS;
        }

        @Override
        public String aggregateId() {
            return externalId;
        }
    }

    record Deleted(UUID vendorId, String externalId) implements ProductEvent {
        public static final String TYPE = "product.deleted";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String topic() {
            return Topics.PRODUCTS;
        }

        @Override
        public String aggregateId() {
            return externalId;
        }
    }

    /**
     * A product has a new image: {@code match} says how it was linked ({@code product}: generated for
     * the product; {@code prompt}: its prompt names the product). The image itself is read through
     * {@code GET /api/vendor/media/generate/{itemId}} (links are signed and short-lived).
     */
    record ImageLinked(UUID vendorId, UUID productId, String externalId, UUID itemId, UUID batchId, String name, String match,
            Instant linkedAt) implements ProductEvent {
        public static final String TYPE = "product.image.linked";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public String topic() {
            return Topics.PRODUCT_IMAGES;
        }

        @Override
        public String aggregateId() {
            return productId.toString();
        }
    }
}
