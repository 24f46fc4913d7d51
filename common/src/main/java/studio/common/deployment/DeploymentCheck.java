package studio.common.deployment;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * Reads {@link RequiredSettings} at start-up, which makes Quarkus validate them with the other
 * settings: in production a missing one stops the start before anything connects, naming it.
 */
@Startup
@ApplicationScoped
public class DeploymentCheck {

    public DeploymentCheck(RequiredSettings settings) {
        if (!RequiredSettings.NOT_ASKED.equals(settings.kafkaBootstrapServers())) {
            Logger.getLogger(DeploymentCheck.class).infof("Production settings present (Kafka %s, database on %s, issuer %s)",
                    settings.kafkaBootstrapServers(), settings.dbHost(), settings.oidcIssuer());
        }
    }
}
