package studio.common.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outbox relay. A replica in standby (another replica holds the slot) is still ready:
 * its writes reach the outbox and the active relay sends them.
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
        String state = !relay.isEnabled() ? "disabled" : relay.isStreaming() ? "streaming" : "standby";
        return HealthCheckResponse.named("outbox-relay").up()
                .withData("state", state)
                .withData("relayed", relay.relayedCount())
                .withData("deadLettered", relay.deadLetteredCount())
                .withData("lastError", relay.lastError() == null ? "" : relay.lastError())
                .build();
    }
}
