package studio.common.tenancy;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

import io.quarkus.arc.Unremovable;

/**
 * Refuses a token issued in the future (its {@code iat} later than now plus
 * {@code studio.auth.clock-skew}): quarkus-oidc checks expiry and, with {@code token.age}, tokens
 * too old, but not an issue time ahead of the clock, which only a forged or mis-minted token has.
 * quarkus-oidc runs every {@link Validator} bean on each token it verifies.
 */
@Unremovable
@ApplicationScoped
public class IssuedAtValidator implements Validator {

    private final Duration skew;

    public IssuedAtValidator(AuthConfig config) {
        this.skew = config.clockSkew();
    }

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        NumericDate issuedAt = context.getJwtClaims().getIssuedAt();
        if (issuedAt == null) {
            return null; // quarkus-oidc itself requires iat
        }
        Instant latest = Instant.now().plus(skew);
        if (Instant.ofEpochSecond(issuedAt.getValue()).isAfter(latest)) {
            return "the token was issued in the future (iat " + Instant.ofEpochSecond(issuedAt.getValue()) + ")";
        }
        return null;
    }
}
