package studio.gateway;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

/**
 * The platform's single entry: {@code /api/vendor/media/**} (and the operators' {@code /api/worker/providers}) is passed to the owning service by
 * Vert.x's reverse proxy (bodies and Server-Sent Events streamed, headers such as
 * {@code Authorization} kept). Tokens are verified by the services themselves. A {@code Location}
 * a service gives with its own address is rewritten to the gateway's, the one the caller used.
 */
@ApplicationScoped
public class ReverseProxy {

    void routes(@Observes Router router, Vertx vertx, GatewayConfig config) {
        Routes.check(config.services());
        Map<String, SocketAddress> origins = config.services().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> address(e.getValue())));
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(100)));
        proxy.originSelector(request -> Routes.serviceFor(request.path())
                .map(origins::get)
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture("no route")));
        proxy.addInterceptor(new PublicLocations(origins.values()));
        proxy.addInterceptor(new FailuresLogged());
        io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> pass = context -> {
            if (Routes.serviceFor(context.request().path()).isEmpty()) {
                context.response().setStatusCode(404).putHeader("content-type", "application/problem+json")
                        .end("{\"type\":\"urn:studio:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"No service answers " + context.request().path().replace("\"", "") + "\"}");
                return;
            }
            proxy.handle(context.request());
        };
        // the platform's own endpoints (health, metrics) are for the cluster, not for what came through the ingress
        router.route("/q/*").order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().headers().contains("X-Forwarded-For") || context.request().headers().contains("Forwarded")) {
                context.response().setStatusCode(404).putHeader("content-type", "application/problem+json")
                        .end("{\"type\":\"urn:studio:problem:not-found\",\"title\":\"Not Found\",\"status\":404}");
                return;
            }
            context.next();
        });
        router.route("/api/vendor/media/*").handler(pass);
        router.route("/api/worker/providers*").handler(pass);
    }

    /** Logs why a request could not be passed on: the proxy answers those 502 with an empty body. */
    static final class FailuresLogged implements ProxyInterceptor {

        private static final Logger LOG = Logger.getLogger(FailuresLogged.class);

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().onFailure(e -> LOG.warnf("%s %s answered 502: %s", context.request().getMethod(),
                    context.request().getURI(), e.toString()));
        }
    }

    /** Rewrites a response's absolute {@code Location} at a service's address to the address the caller reached the gateway at. */
    static final class PublicLocations implements ProxyInterceptor {

        private final java.util.Set<String> services;

        PublicLocations(java.util.Collection<SocketAddress> origins) {
            this.services = origins.stream().map(o -> o.host() + ":" + o.port()).collect(Collectors.toUnmodifiableSet());
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            String location = context.response().headers().get(HttpHeaders.LOCATION);
            if (location != null) {
                publicLocation(location, context.request().proxiedRequest())
                        .ifPresent(rewritten -> context.response().headers().set(HttpHeaders.LOCATION, rewritten));
            }
            return context.sendResponse();
        }

        java.util.Optional<String> publicLocation(String location, HttpServerRequest inbound) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException notAUri) {
                return java.util.Optional.empty();
            }
            if (!uri.isAbsolute() || uri.getHost() == null || inbound.authority() == null) {
                return java.util.Optional.empty();
            }
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            boolean service = services.contains(uri.getHost() + ":" + port)
                    || ("localhost".equals(uri.getHost()) && services.contains("127.0.0.1:" + port));
            if (!service) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(inbound.scheme() + "://" + inbound.authority() + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
    }

    private static SocketAddress address(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
