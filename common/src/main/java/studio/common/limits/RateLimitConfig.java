package studio.common.limits;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code studio.limits.*}: how many API requests a vendor may make, per service, shared by every
 * replica of it. Requests go to the first scope one of whose path prefixes they start with, else to
 * the default scope ({@code requests-per-minute}, {@code burst}).
 */
@ConfigMapping(prefix = "studio.limits")
public interface RateLimitConfig {

    /** Whether vendors' requests are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /** The steady pace a vendor may keep up, in requests a minute. */
    @WithDefault("1200")
    int requestsPerMinute();

    /** How many requests above that pace a vendor may send at once (after a quiet spell). */
    @WithDefault("200")
    int burst();

    /** Paths limited apart from the rest (the prompt tools, which call a language model), by name. */
    Map<String, Scope> scopes();

    interface Scope {
        /** The path prefixes of the scope. */
        List<String> paths();

        int requestsPerMinute();

        @WithDefault("10")
        int burst();
    }
}
