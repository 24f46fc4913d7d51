package studio.common.events;

import java.util.List;
import java.util.Map;

/** The platform's Kafka topics: the one list that producers, consumers and devstack share. */
public final class Topics {

    public static final String TEMPLATES = "studio.templates";
    public static final String STYLES = "studio.styles";
    public static final String BATCHES = "studio.batches";
    public static final String GENERATION_RESULTS = "studio.generation.results";
    public static final String GENERATION_DLQ = "studio.generation.dlq";
    /** Operational alerts (a provider account paused or resumed). */
    public static final String ALERTS = "studio.alerts";
    /** Products published by the vendors' e-commerce platforms. */
    public static final String PRODUCTS = "studio.products";
    /** Images linked to products, for the e-commerce platforms. */
    public static final String PRODUCT_IMAGES = "studio.product-images";
    /** Vendors' plans (compacted: the latest event of each vendor is kept for good). */
    public static final String VENDORS = "studio.vendors";

    private Topics() {
    }

    /** The jobs topic of a lane, for example {@code studio.generation.jobs.standard}. */
    public static String jobs(Lane lane) {
        return "studio.generation.jobs." + lane.wireName();
    }

    /**
     * How many partitions a topic is made with: the jobs topics 12 (their consumer group is the
     * worker fleet, and 12 divides evenly among 1, 2, 3, 4 or 6 replicas), the others 3.
     */
    public static int partitions(String topic) {
        return topic.startsWith("studio.generation.jobs.") ? 12 : 3;
    }

    /**
     * A topic's settings beyond the broker's defaults: {@value #VENDORS} is compacted, since a service
     * started at any time must find every vendor's latest plan in it, however old.
     */
    public static Map<String, String> configs(String topic) {
        return VENDORS.equals(topic) ? Map.of("cleanup.policy", "compact") : Map.of();
    }

    /** Every topic the platform uses, in a stable order. */
    public static List<String> all() {
        return List.of(TEMPLATES, STYLES, BATCHES,
                jobs(Lane.INTERACTIVE), jobs(Lane.STANDARD), jobs(Lane.BULK),
                GENERATION_RESULTS, GENERATION_DLQ, ALERTS, PRODUCTS, PRODUCT_IMAGES, VENDORS);
    }
}
