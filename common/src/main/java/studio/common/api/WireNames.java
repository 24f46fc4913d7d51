package studio.common.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The names of an enumeration as the API, the events and the database write them: the constant's
 * name in lower case ({@code URGENT} is {@code urgent}). An enum returns {@link #of(Enum)} from its
 * {@code @JsonValue} method and {@code toString}.
 */
public final class WireNames {

    private WireNames() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of a wire name, null for null; an unknown name is an IllegalArgumentException listing the known ones. */
    public static <E extends Enum<E>> E parse(Class<E> type, String wireName) {
        if (wireName == null) {
            return null;
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> of(e).equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + list(type)));
    }

    /** Every wire name of the type, as a refusal lists them: {@code a, b, c}. */
    public static String list(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
    }
}
