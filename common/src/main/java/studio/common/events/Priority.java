package studio.common.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

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
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    /** The priority of a wire name, null for null; an unknown name is an IllegalArgumentException listing the known ones. */
    public static Priority of(String wireName) {
        if (wireName == null) {
            return null;
        }
        return Arrays.stream(values()).filter(p -> p.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + names()));
    }

    /** The wire names, as a refusal lists them: {@code urgent, normal, bulk}. */
    public static String names() {
        return Arrays.stream(values()).map(Priority::wireName).collect(Collectors.joining(", "));
    }
}
