package studio.common.deployment;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a service needs from its environment in production ({@code studio.deployment.*}, set only in
 * the prod profile, each to {@code ${VARIABLE}}): one mapping, validated with the others before
 * anything starts, so that a service started without some of them refuses to start naming them
 * together ("Could not expand value STUDIO_DB_HOST in property studio.deployment.db-host"), with
 * the storage settings' own. In every other profile they are not asked for. docs/DEPLOY.md lists them.
 */
@ConfigMapping(prefix = "studio.deployment")
public interface RequiredSettings {

    String NOT_ASKED = "not asked for outside production";

    @WithDefault(NOT_ASKED)
    String kafkaBootstrapServers();

    @WithDefault(NOT_ASKED)
    String dbHost();

    @WithDefault(NOT_ASKED)
    String dbUser();

    @WithDefault(NOT_ASKED)
    String dbPassword();

    @WithDefault(NOT_ASKED)
    String oidcIssuer();

    /** A service's own further needs, by variable name (its peers' addresses, the provider's key). */
    Map<String, String> also();
}
