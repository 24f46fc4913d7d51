package studio.common.tenancy;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import studio.common.error.ProblemException;

/**
 * The vendor a request acts for, taken from the bearer token's {@value Claims#VENDOR_ID} claim and
 * never from the request body.
 */
@RequestScoped
public class CurrentVendor {

    private final SecurityIdentity identity;

    public CurrentVendor(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's vendor id; a token without one is refused with 403. */
    public UUID id() {
        String claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(Claims.VENDOR_ID) : null;
        if (claim == null || claim.isBlank()) {
            throw ProblemException.forbidden("no-vendor", "The token carries no " + Claims.VENDOR_ID + " claim.");
        }
        try {
            return UUID.fromString(claim);
        } catch (IllegalArgumentException e) {
            throw ProblemException.forbidden("no-vendor", "The token's " + Claims.VENDOR_ID + " claim is not a UUID.");
        }
    }

    /** The caller as service methods take it. */
    public Caller caller() {
        return new Caller(id(), isAdmin());
    }

    /** Whether the caller holds the platform's admin role. */
    public boolean isAdmin() {
        return identity.hasRole(Claims.ADMIN_ROLE);
    }
}
