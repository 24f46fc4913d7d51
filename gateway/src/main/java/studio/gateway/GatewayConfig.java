package studio.gateway;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** {@code studio.gateway.services.<name>=<base URL>}: where each service answers. */
@ConfigMapping(prefix = "studio.gateway")
public interface GatewayConfig {

    Map<String, String> services();
}
