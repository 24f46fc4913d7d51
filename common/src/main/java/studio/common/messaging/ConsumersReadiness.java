package studio.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness check {@code consumers}: DOWN while a consumer holds a record waiting for the database ({@link UntilAvailable}). */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final UntilAvailable database;

    public ConsumersReadiness(UntilAvailable database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        var waiting = database.waiting();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("consumers").status(waiting.isEmpty());
        waiting.forEach(response::withData);
        return response.build();
    }
}
