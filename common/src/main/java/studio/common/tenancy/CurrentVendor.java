package studio.common.tenancy;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import studio.common.error.ProblemException;

/**
 * The vendor a request acts for, taken from the bearer token's {@value Claims#VENDOR_ID} claim and
 * never from the request body. A platform service's token (role {@value Claims#SERVICE_ROLE}, which
 * no vendor holds) acts for the vendor its {@value Claims#VENDOR_HEADER} header names: how
 * batch-service renders a vendor's template for work no vendor request started (a product the
 * vendor's shop published).
 */
@RequestScoped
public class CurrentVendor {

    private final SecurityIdentity identity;
    private final HttpServerRequest request;

    public CurrentVendor(SecurityIdentity identity, HttpServerRequest request) {
        this.identity = identity;
        this.request = request;
    }

    /** The caller's vendor id; a token without one is refused with 403. */
    public UUID id() {
        String claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(Claims.VENDOR_ID) : null;
        if ((claim == null || claim.isBlank()) && identity.hasRole(Claims.SERVICE_ROLE)) {
            claim = request.getHeader(Claims.VENDOR_HEADER);
            if (claim == null || claim.isBlank()) {
                throw ProblemException.forbidden("no-vendor", "A service token names its vendor in the " + Claims.VENDOR_HEADER + " header.");
            }
        }
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
