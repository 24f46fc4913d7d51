package studio.common.events;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

import studio.common.api.WireNames;

/**
 * How soon a request's images should be made, as a vendor asks for it ({@code urgent},
 * {@code normal}, {@code bulk}); each priority has its worker lane.
 */
@Schema(enumeration = { "urgent", "normal", "bulk" })
public enum Priority {
    URGENT(Lane.INTERACTIVE), NORMAL(Lane.STANDARD), BULK(Lane.BULK);

    private final Lane lane;

    Priority(Lane lane) {
        this.lane = lane;
    }

    /** The lane whose workers take this priority's jobs. */
    public Lane lane() {
        return lane;
    }

    /** The name in the API and in a batch's stored config. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** The priority of a wire name, null for null; an unknown name is an IllegalArgumentException listing the known ones. */
    public static Priority of(String wireName) {
        return WireNames.parse(Priority.class, wireName);
    }
}
