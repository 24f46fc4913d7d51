package studio.notification.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How webhooks are delivered ({@code studio.webhooks.*}). */
@ConfigMapping(prefix = "studio.webhooks")
public interface WebhookConfig {

    /** From the first byte sent to the last received; a slower endpoint's attempt fails. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * The wait before each attempt, the first included: the Standard Webhooks schedule. A delivery
     * fails for good after the last.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** Each wait is stretched or shrunk at random by up to this share, so retries do not come in waves. */
    @WithDefault("0.1")
    double retryJitter();

    /** How often each replica looks for deliveries that are due (new events do not wait for it). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a replica holds a delivery it is sending before another may take it over (it crashed). */
    @WithDefault("60s")
    Duration lease();

    /** Webhooks one replica has in flight at most. */
    @WithDefault("256")
    int maxInFlight();

    /** A subscription whose deliveries have failed without a success for this long is disabled. */
    @WithDefault("120h")
    Duration disableAfter();

    /** How long the previous secret still signs after a rotation, unless the rotation says otherwise. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /**
     * Development only: lets webhooks reach loopback and private addresses (a receiver on this
     * machine). Off, they are refused when saved and when connecting.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** The most webhook subscriptions a vendor may have at once (another is a 422 with the figures). */
    @WithDefault("25")
    int maxSubscriptionsPerVendor();
}
