package studio.common.events;

import java.util.Locale;

/** A work lane of the generation workers; a request's {@link Priority} picks it. */
public enum Lane {
    INTERACTIVE, STANDARD, BULK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
