package studio.gateway;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** The gateway's settings: where each service answers, and where the studio web app signs in. */
@ConfigMapping(prefix = "studio.gateway")
public interface GatewayConfig {

    /** {@code studio.gateway.services.<name>=<base URL>}. */
    Map<String, String> services();

    Oidc oidc();

    /** The identity provider the web app signs in with. */
    interface Oidc {

        /** The OIDC issuer (a Keycloak realm's URL), as the browser reaches it. */
        String authority();

        /** The web app's public client (authorization code + PKCE). */
        String clientId();
    }
}
