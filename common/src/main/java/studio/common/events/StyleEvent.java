package studio.common.events;

import java.util.UUID;

/** Events of {@value Topics#STYLES}, published by style-service. */
public sealed interface StyleEvent extends StudioEvent {

    UUID styleId();

    /** Null for the platform's public (built-in) styles. */
    UUID vendorId();

    @Override
    default String topic() {
        return Topics.STYLES;
    }

    @Override
    default String aggregateId() {
        return styleId().toString();
    }

    record Created(UUID styleId, UUID vendorId, String name) implements StyleEvent {
        public static final String TYPE = "style.created";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Updated(UUID styleId, UUID vendorId, String name) implements StyleEvent {
        public static final String TYPE = "style.updated";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Deleted(UUID styleId, UUID vendorId) implements StyleEvent {
        public static final String TYPE = "style.deleted";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
