package studio.common.error;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * quarkus-oidc's bearer token mechanism, whose challenge (a request without a token, or with one
 * that fails verification) also carries a problem+json body: the 401 the HTTP layer sends before
 * any resource runs reads like every other refusal (see Quarkus' "HttpAuthenticationMechanism
 * customization").
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemChallenge implements HttpAuthenticationMechanism {

    private final OidcAuthenticationMechanism delegate;
    private final ObjectMapper json;

    public ProblemChallenge(OidcAuthenticationMechanism delegate, ObjectMapper json) {
        this.delegate = delegate;
        this.json = json;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return delegate.authenticate(context, identityProviderManager);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return delegate.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null || context.response().headWritten()) {
                return false;
            }
            context.response().setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> context.response().headers().set(name, value));
            if (challenge.status == 401) {
                boolean tokenSent = context.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
                try {
                    context.response().putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .end(json.writeValueAsString(unauthenticated(tokenSent, context.request().path())));
                } catch (JsonProcessingException e) {
                    // the bare challenge goes out instead
                }
            }
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return delegate.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return delegate.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return delegate.getPriority() + 1;
    }

    /** The 401 problem: what was wrong with the credentials, in words a vendor can act on. */
    static Problem unauthenticated(boolean tokenSent, String path) {
        String detail = tokenSent
                ? "The bearer token was refused: it is malformed, not signed by the platform's identity provider, meant for"
                        + " another audience, expired, or issued in the future. Sign in again for a fresh token."
                : "This endpoint needs a bearer token (Authorization: Bearer ...) from the platform's identity provider.";
        return new Problem(Problem.type("unauthenticated"), "Not signed in", 401, detail, path, null);
    }

    static Problem forbidden(String path) {
        return new Problem(Problem.type("forbidden"), "Forbidden", 403,
                "Your token is valid, but it lacks the role this endpoint needs.", path, null);
    }
}
