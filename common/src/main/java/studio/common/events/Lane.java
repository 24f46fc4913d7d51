package studio.common.events;

/** A work lane of the generation workers; a request's {@link Priority} picks it. */
public enum Lane {
    INTERACTIVE, STANDARD, BULK;

    public String wireName() {
        return studio.common.api.WireNames.of(this);
    }
}
