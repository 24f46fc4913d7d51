package studio.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox relay. A replica in standby (another replica holds the slot) is still ready:
 * its writes reach the outbox and the active relay sends them. A relay that stopped on a failure
 * (its database or Kafka away) and waits to start again is not ready, with the failure; it is ready
 * again by itself once it streams.
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxRelayHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        String error = relay.lastError();
        // the slot held by another replica's relay is a standby, not a failure
        boolean failing = relay.isEnabled() && !relay.isStreaming() && error != null && !error.contains("is active for PID");
        String state = !relay.isEnabled() ? "disabled" : relay.isStreaming() ? "streaming" : failing ? "retrying" : "standby";
        return HealthCheckResponse.named("outbox-relay").status(!failing)
                .withData("state", state)
                .withData("relayed", relay.relayedCount())
                .withData("deadLettered", relay.deadLetteredCount())
                .withData("lastError", relay.lastError() == null ? "" : relay.lastError())
                .build();
    }
}
