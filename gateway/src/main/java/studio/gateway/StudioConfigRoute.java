package studio.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/studio/config}: what the studio web app needs before it can sign in (the
 * identity provider's URL and the app's client id), so one build of the app serves every
 * deployment.
 */
@ApplicationScoped
public class StudioConfigRoute {

    void routes(@Observes Router router, GatewayConfig config) {
        String body = new JsonObject().put("authority", config.oidc().authority()).put("clientId", config.oidc().clientId()).encode();
        router.get("/api/studio/config").handler(context -> context.response()
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(body));
    }
}
