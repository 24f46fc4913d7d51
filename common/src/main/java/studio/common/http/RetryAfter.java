package studio.common.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** How long an HTTP answer asks the caller to wait before trying again. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code retry-after-ms} (OpenAI's) first, then {@code retry-after} as seconds or as an HTTP date,
     * read through {@code header} (name to value, null when absent); null when none is usable. A date
     * in the past is no wait.
     */
    public static Duration of(Function<String, String> header) {
        String millis = header.apply("retry-after-ms");
        if (millis != null) {
            try {
                return nonNegative(Duration.ofMillis((long) Double.parseDouble(millis.strip())));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        String value = header.apply("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return nonNegative(Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return nonNegative(Duration.between(Instant.now(), at));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration wait) {
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
