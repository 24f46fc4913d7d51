package studio.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends one signed delivery: {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
 * headers, JSON body, a bounded timeout, redirects not followed. A failed attempt is tried again a few
 * times in this process (the durable retry schedule is not built yet).
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int ATTEMPTS = 3;

    private final HttpClient http;
    private final Duration timeout;

    public WebhookSender(@ConfigProperty(name = "studio.webhooks.timeout") Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** A message to one subscriber. {@code messageId} stays the same across attempts. */
    public record Delivery(String url, String secret, String messageId, String body) {
    }

    public CompletableFuture<Integer> send(Delivery delivery) {
        return attempt(delivery, 1);
    }

    private CompletableFuture<Integer> attempt(Delivery delivery, int attempt) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "ai-generation-studio-webhooks")
                .header("webhook-id", delivery.messageId())
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", WebhookSigner.sign(delivery.secret(), delivery.messageId(), timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    int status = response == null ? 0 : response.statusCode();
                    if (status >= 200 && status < 300) {
                        return CompletableFuture.completedFuture(status);
                    }
                    LOG.warnf("Webhook %s to %s: attempt %d failed (%s)", delivery.messageId(), delivery.url(), attempt,
                            error != null ? error.getMessage() : "HTTP " + status);
                    if (attempt >= ATTEMPTS) {
                        return CompletableFuture.completedFuture(status);
                    }
                    return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(attempt * 2L, TimeUnit.SECONDS))
                            .thenCompose(ignored -> attempt(delivery, attempt + 1));
                })
                .thenCompose(f -> f);
    }
}
