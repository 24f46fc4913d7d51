package studio.common.events;

import java.time.Instant;

/**
 * Events of {@value Topics#ALERTS}: what operators must know about the image providers. A provider
 * account that answers 401, 403 or {@code insufficient_quota} is paused for the whole worker fleet
 * (its jobs wait, none fail) until it is resumed or a probe succeeds.
 */
public sealed interface ProviderEvent extends StudioEvent {

    String account();

    String model();

    @Override
    default String topic() {
        return Topics.ALERTS;
    }

    @Override
    default String aggregateId() {
        return account() + ":" + model();
    }

    /** The fleet stopped calling the provider for this account and model until {@code until} (then one job probes it). */
    record Paused(String account, String model, String code, String reason, Instant until) implements ProviderEvent {
        public static final String TYPE = "provider.paused";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Calls resume (an operator's resume, or a probe that succeeded). */
    record Resumed(String account, String model, String by) implements ProviderEvent {
        public static final String TYPE = "provider.resumed";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
