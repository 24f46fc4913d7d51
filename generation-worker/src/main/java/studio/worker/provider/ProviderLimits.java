package studio.worker.provider;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code x-ratelimit-*} headers of a provider's answer (requests): the limit per minute, what is
 * left of it, and when it is whole again. Any of them may be absent (null).
 */
public record ProviderLimits(Integer limitRequests, Integer remainingRequests, Duration resetRequests) {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /** Reads the headers through {@code header} (name to value, null when absent); null when none is there. */
    public static ProviderLimits from(Function<String, String> header) {
        Integer limit = integer(header.apply("x-ratelimit-limit-requests"));
        Integer remaining = integer(header.apply("x-ratelimit-remaining-requests"));
        Duration reset = duration(header.apply("x-ratelimit-reset-requests"));
        return limit == null && remaining == null && reset == null ? null : new ProviderLimits(limit, remaining, reset);
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** OpenAI's durations: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1.5s}. */
    static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(value.strip());
        double millis = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            double amount = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    millis += amount;
                    break;
                case "s":
                    millis += amount * 1000;
                    break;
                case "m":
                    millis += amount * 60_000;
                    break;
                default:
                    millis += amount * 3_600_000;
            }
        }
        return any ? Duration.ofMillis((long) millis) : null;
    }
}
