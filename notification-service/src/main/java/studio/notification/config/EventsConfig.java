package studio.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code studio.events.*}: the live progress stream. */
@ConfigMapping(prefix = "studio.events")
public interface EventsConfig {

    /** How many recent events each replica keeps for a reconnect's {@code Last-Event-ID}. */
    @WithDefault("20000")
    int replayBuffer();

    /** How often an idle stream gets a comment line, so proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
}
