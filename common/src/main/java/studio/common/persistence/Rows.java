package studio.common.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** Reading columns of the reactive client's rows, and writing search patterns for them. */
public final class Rows {

    private Rows() {
    }

    /** A {@code timestamptz} column as an instant; null stays null. */
    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * A {@code LIKE} pattern that finds {@code text} anywhere, case-folded to lower case, with
     * {@code \}, {@code %} and {@code _} in it matched literally (PostgreSQL's default escape is {@code \}).
     */
    public static String containsPattern(String text) {
        return "%" + text.strip().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
