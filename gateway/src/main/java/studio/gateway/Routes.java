package studio.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which service owns a path: the longest matching prefix wins. */
public final class Routes {

    /** A path prefix and the service that owns it. */
    public record Route(String prefix, String service) {
    }

    public static final List<Route> ALL = List.of(
            new Route("/api/vendor/media/prompt-templates", "template-service"),
            new Route("/api/vendor/media/prompt-history", "template-service"),
            new Route("/api/vendor/media/analyze-prompt", "template-service"),
            new Route("/api/vendor/media/enhance-prompt", "template-service"),
            new Route("/api/vendor/media/marketplace", "template-service"),
            new Route("/api/vendor/media/recommendations", "template-service"),
            new Route("/api/vendor/media/style-presets", "style-service"),
            new Route("/api/vendor/media/generate", "batch-service"),
            new Route("/api/vendor/media/queue", "batch-service"),
            new Route("/api/vendor/media/costs", "batch-service"),
            new Route("/api/vendor/media/budget", "batch-service"),
            new Route("/api/vendor/media/off-peak-window", "batch-service"),
            new Route("/api/vendor/media/products", "batch-service"),
            new Route("/api/vendor/media/models", "batch-service"),
            new Route("/api/vendor/media/downloads", "batch-service"),
            new Route("/api/vendor/media/plan", "batch-service"),
            new Route("/api/vendor/media/admin/vendors", "batch-service"),
            new Route("/api/vendor/media/admin/queue", "batch-service"),
            // each service's outbox dead letters, under its own name (studio.common.outbox.DeadLetterResource)
            new Route("/api/vendor/media/admin/dead-letters/template-service", "template-service"),
            new Route("/api/vendor/media/admin/dead-letters/style-service", "style-service"),
            new Route("/api/vendor/media/admin/dead-letters/batch-service", "batch-service"),
            new Route("/api/vendor/media/admin/dead-letters/notification-service", "notification-service"),
            new Route("/api/vendor/media/webhooks", "notification-service"),
            new Route("/api/vendor/media/events", "notification-service"),
            // the operators' view: the fleet's providers and their resume (admin only, the worker checks)
            new Route("/api/worker/providers", "generation-worker"));

    private Routes() {
    }

    public static Optional<String> serviceFor(String path) {
        return ALL.stream()
                .filter(r -> path.equals(r.prefix()) || path.startsWith(r.prefix() + "/") || path.startsWith(r.prefix() + "?"))
                .max(Comparator.comparingInt(r -> r.prefix().length()))
                .map(Route::service);
    }

    /** Checks that every routed service has an address. */
    static void check(Map<String, String> services) {
        ALL.stream().map(Route::service).distinct().filter(s -> !services.containsKey(s)).findFirst().ifPresent(s -> {
            throw new IllegalStateException("studio.gateway.services." + s + " is not configured");
        });
    }
}
