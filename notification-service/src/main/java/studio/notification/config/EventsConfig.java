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

    /**
     * How many events one stream holds that its client has not read yet; a client that falls this far
     * behind is disconnected (and reconnects with its last id).
     */
    @WithDefault("1000")
    int streamBuffer();

    /** How often an idle stream gets a comment line, so proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();

    /** The most live streams a vendor may have open at once, on all replicas together (another is a 429). */
    @WithDefault("10")
    int maxStreamsPerVendor();
}
