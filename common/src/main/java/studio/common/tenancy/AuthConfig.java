package studio.common.tenancy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code studio.auth.*}: what every service checks of a token beyond quarkus-oidc's own checks. */
@ConfigMapping(prefix = "studio.auth")
public interface AuthConfig {

    /** How far ahead of this machine's clock a token's issue time may be (the issuer's clock may run a little ahead). */
    @WithDefault("30s")
    Duration clockSkew();
}
