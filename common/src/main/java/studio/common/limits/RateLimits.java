package studio.common.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import studio.common.error.Problem;
import studio.common.tenancy.Claims;

/**
 * Every vendor's request to {@code /api/} takes one from its allowance ({@link VendorRateLimiter},
 * {@link RateLimitConfig}); past it the answer is 429 problem+json with {@code Retry-After}, and the
 * request does nothing. Every answer says where the vendor stands in the IETF httpapi draft's
 * {@code RateLimit-Policy} and {@code RateLimit} headers. The figures are the service's
 * ({@code studio.limits.*}) unless the vendor's plan names its own ({@link PlanRates}). Platform
 * services acting for a vendor (a service token) are not limited.
 */
public class RateLimits {

    /** The scope of every request that no narrower scope ({@code studio.limits.scopes}) takes. */
    public static final String API_SCOPE = "api";

    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    private static final String DECISION = RateLimits.class.getName() + ".decision";

    private final VendorRateLimiter limiter;
    private final RateLimitConfig config;
    private final PlanRates plans;
    private final SecurityIdentity identity;

    public RateLimits(VendorRateLimiter limiter, RateLimitConfig config, PlanRates plans, SecurityIdentity identity) {
        this.limiter = limiter;
        this.config = config;
        this.plans = plans;
        this.identity = identity;
    }

    /** A scope as a request falls in it: its name and figures. */
    record Scope(String name, int perMinute, int burst) {

        String policy() {
            return "\"" + name + "\";q=" + perMinute + ";w=60";
        }
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!config.enabled() || !path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        UUID vendorId = vendorOf();
        if (vendorId == null) {
            return Uni.createFrom().nullItem();
        }
        Scope scope = forVendor(scopeOf(path), vendorId);
        return limiter.take(vendorId, scope.name(), scope.perMinute(), scope.burst()).map(decision -> {
            request.setProperty(DECISION, Map.entry(scope, decision));
            if (decision.allowed()) {
                return null;
            }
            LOG.debugf("Vendor %s over its %s allowance (%d a minute): %s %s", vendorId, scope.name(), scope.perMinute(),
                    request.getMethod(), path);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("scope", scope.name());
            figures.put("requestsPerMinute", scope.perMinute());
            figures.put("burst", scope.burst());
            figures.put("retryAfterSeconds", decision.retryAfterSeconds());
            Problem problem = new Problem(Problem.type("rate-limited"), "Too many requests", 429,
                    "You have sent more than " + scope.perMinute() + " requests a minute (with bursts of " + scope.burst()
                            + ") to this part of the API; nothing was done. Send it again in " + decision.retryAfterSeconds() + " s.",
                    path, null, figures);
            return headers(Response.status(429).type("application/problem+json").entity(problem)
                    .header("Retry-After", decision.retryAfterSeconds()), scope, decision).build();
        }).onFailure().recoverWithItem(failure -> {
            // the allowance could not be read (the database away): the request goes on rather than fail for it
            LOG.warnf("Could not take vendor %s's request allowance: %s", vendorId, failure.getMessage());
            return null;
        });
    }

    @ServerResponseFilter
    @SuppressWarnings("unchecked")
    public void describe(ContainerRequestContext request, ContainerResponseContext response) {
        Object taken = request.getProperty(DECISION);
        if (taken instanceof Map.Entry<?, ?> entry && response.getStatus() != 429) {
            Scope scope = (Scope) entry.getKey();
            VendorRateLimiter.Decision decision = (VendorRateLimiter.Decision) entry.getValue();
            response.getHeaders().putSingle("RateLimit-Policy", scope.policy());
            response.getHeaders().putSingle("RateLimit", rateLimit(scope, decision));
        }
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, Scope scope, VendorRateLimiter.Decision decision) {
        return response.header("RateLimit-Policy", scope.policy()).header("RateLimit", rateLimit(scope, decision));
    }

    private static String rateLimit(Scope scope, VendorRateLimiter.Decision decision) {
        return "\"" + scope.name() + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds();
    }

    /** The scope with the figures the vendor's plan gives it there, if its plan names them. */
    private Scope forVendor(Scope scope, UUID vendorId) {
        return plans.of(vendorId, scope.name()).map(rate -> new Scope(scope.name(), rate.requestsPerMinute(), rate.burst())).orElse(scope);
    }

    private Scope scopeOf(String path) {
        for (Map.Entry<String, RateLimitConfig.Scope> scope : config.scopes().entrySet()) {
            for (String prefix : scope.getValue().paths()) {
                if (path.startsWith(prefix)) {
                    return new Scope(scope.getKey(), scope.getValue().requestsPerMinute(), scope.getValue().burst());
                }
            }
        }
        return new Scope(API_SCOPE, config.requestsPerMinute(), config.burst());
    }

    /** The vendor the caller's token names; null for none (a service token, an anonymous request). */
    private UUID vendorOf() {
        if (identity == null || identity.isAnonymous() || identity.hasRole(Claims.SERVICE_ROLE)
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        String claim = jwt.getClaim(Claims.VENDOR_ID);
        try {
            return claim == null || claim.isBlank() ? null : UUID.fromString(claim);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
