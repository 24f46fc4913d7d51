package studio.gateway;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;

/**
 * The platform's single entry: {@code /api/vendor/media/**} is passed to the owning service by
 * Vert.x's reverse proxy (bodies and Server-Sent Events streamed, headers such as
 * {@code Authorization} kept). Tokens are verified by the services themselves.
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
        router.route("/api/vendor/media/*").handler(context -> {
            if (Routes.serviceFor(context.request().path()).isEmpty()) {
                context.response().setStatusCode(404).putHeader("content-type", "application/problem+json")
                        .end("{\"type\":\"urn:studio:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"No service answers " + context.request().path().replace("\"", "") + "\"}");
                return;
            }
            proxy.handle(context.request());
        });
    }

    private static SocketAddress address(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return SocketAddress.inetSocketAddress(port, uri.getHost());
    }
}
