package studio.common.events;

import java.util.Map;
import java.util.UUID;

/**
 * Events of {@value Topics#VENDORS}, a compacted topic keyed by vendor: what a vendor's plan gives it
 * that every service must know. batch-service owns the plans; every service reads the whole topic,
 * so a replica started later knows each vendor's latest plan.
 */
public sealed interface VendorEvent extends StudioEvent {

    UUID vendorId();

    @Override
    default String topic() {
        return Topics.VENDORS;
    }

    @Override
    default String aggregateId() {
        return vendorId().toString();
    }

    /** A request rate: a steady pace and the requests above it a vendor may send at once. */
    record RequestRate(int requestsPerMinute, int burst) {
    }

    /**
     * A vendor's plan as it now stands, with the request rates it gives by scope ({@code api}, or a
     * service's own scope such as {@code prompt-tools}); a scope not named keeps the service's default.
     */
    record PlanChanged(UUID vendorId, String plan, Map<String, RequestRate> rates) implements VendorEvent {
        public static final String TYPE = "vendor.plan-changed";

        public PlanChanged {
            rates = rates == null ? Map.of() : Map.copyOf(rates);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }
}
