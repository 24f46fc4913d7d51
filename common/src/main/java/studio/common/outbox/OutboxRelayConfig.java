package studio.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the outbox relay ({@code studio.outbox.*}). */
@ConfigMapping(prefix = "studio.outbox")
public interface OutboxRelayConfig {

    /** Whether this replica relays; only one replica at a time holds the replication slot. */
    @WithDefault("true")
    boolean relayEnabled();

    /** The service's logical replication slot, one per service. */
    String slotName();

    /** The publication the Flyway migration creates over the outbox table (inserts only). */
    @WithDefault("studio_outbox")
    String publication();

    /** Table in the service's database that keeps the relay's position in the log. */
    @WithDefault("outbox_relay_offsets")
    String offsetsTable();

    /** How often the relay's position is saved; a crash re-sends at most this much (consumers are idempotent). */
    @WithDefault("1s")
    Duration offsetFlushInterval();

    /**
     * How long the relay waits for more changes before it publishes what it has, and between two
     * looks at an idle replication stream (Debezium's {@code poll.interval.ms}, 500 ms by default
     * there): an event waits up to this long, twice on an interactive image's way (its job, its
     * result). Measured on two cores: 50 ms cost an idle service 30 to 60 ms of CPU a second, 20 ms
     * about 60, 5 ms about 165; an interactive image took p50 190, 131 and 133 ms.
     */
    @WithDefault("20ms")
    Duration pollInterval();

    /** Pause before a failed or standby relay tries again (for example while another replica holds the slot). */
    @WithDefault("5s")
    Duration restartBackoff();

    /**
     * The largest event the outbox takes, in bytes of JSON: a change whose event would be larger is
     * refused (413) before anything is stored. It stays below Kafka's default 1 MiB record limit with
     * room for the record's headers.
     */
    @WithDefault("900000")
    int maxEventBytes();

    /** Drop the slot when the relay stops: for throwaway test databases only, or WAL is kept forever. */
    @WithDefault("false")
    boolean dropSlotOnStop();
}
