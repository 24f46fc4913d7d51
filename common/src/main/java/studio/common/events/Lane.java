package studio.common.events;

import java.util.Locale;

/** A work lane of the generation workers; a request's priority picks it. */
public enum Lane {
    INTERACTIVE, STANDARD, BULK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code urgent} goes to interactive, {@code normal} to standard, {@code bulk} to bulk. */
    public static Lane forPriority(String priority) {
        return switch (priority == null ? "normal" : priority.toLowerCase(Locale.ROOT)) {
            case "urgent" -> INTERACTIVE;
            case "normal" -> STANDARD;
            case "bulk" -> BULK;
            default -> throw new IllegalArgumentException("unknown priority: " + priority);
        };
    }
}
