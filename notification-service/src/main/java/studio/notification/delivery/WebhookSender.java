package studio.notification.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import studio.common.http.RetryAfter;
import studio.notification.config.WebhookConfig;

/**
 * Sends one signed webhook per the Standard Webhooks specification: {@code webhook-id} (the same on
 * every attempt), {@code webhook-timestamp} and {@code webhook-signature} (one {@code v1,} signature
 * per secret in force, so both during a rotation's overlap). At most {@code studio.webhooks.timeout}
 * from the first byte to the last, redirects never followed, every connection through the
 * {@link TargetGuard}.
 */
@ApplicationScoped
public class WebhookSender {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    @Inject
    public WebhookSender(WebhookConfig config, TargetGuard guard) {
        this(config.timeout(), guard);
    }

    public WebhookSender(Duration timeout, TargetGuard guard) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(512);
        dispatcher.setMaxRequestsPerHost(64);
        this.http = new OkHttpClient.Builder()
                .dns(guard.dns())
                .socketFactory(guard.socketFactory())
                .proxy(java.net.Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                // a receiver that closed a kept-alive connection is not an endpoint failure: OkHttp reconnects
                .retryOnConnectionFailure(true)
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(32, 1, java.util.concurrent.TimeUnit.MINUTES))
                .build();
    }

    /** A message to one endpoint: {@code secrets} are the ones in force, the newest first. */
    public record Message(String url, List<String> secrets, String messageId, String body) {
    }

    /**
     * What an attempt came to: the HTTP status (0 when there was no answer), how long it took, the
     * error in words when it failed, and the endpoint's {@code retry-after}, if it gave one.
     */
    public record Outcome(int status, long latencyMs, String error, Duration retryAfter) {

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    public Uni<Outcome> send(Message message) {
        long timestamp = Instant.now().getEpochSecond();
        String signatures = message.secrets().stream()
                .map(secret -> WebhookSigner.sign(secret, message.messageId(), timestamp, message.body()))
                .collect(Collectors.joining(" "));
        Request request = new Request.Builder().url(message.url())
                .header("user-agent", "ai-generation-studio-webhooks")
                .header("webhook-id", message.messageId())
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", signatures)
                .post(RequestBody.create(message.body(), JSON))
                .build();
        return Uni.createFrom().emitter(emitter -> {
            long started = System.nanoTime();
            Call call = http.newCall(request);
            emitter.onTermination(call::cancel);
            call.enqueue(new Callback() {
                @Override
                public void onResponse(Call c, Response response) {
                    try (response) {
                        int status = response.code();
                        boolean ok = status >= 200 && status < 300;
                        emitter.complete(new Outcome(status, elapsed(started), ok ? null : "HTTP " + status + describe(status),
                                RetryAfter.of(response::header)));
                    }
                }

                @Override
                public void onFailure(Call c, IOException e) {
                    emitter.complete(new Outcome(0, elapsed(started), describe(e), null));
                }
            });
        });
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String describe(int status) {
        return status >= 300 && status < 400 ? " (redirects are not followed; subscribe the final URL)" : "";
    }

    private static String describe(IOException e) {
        if (e instanceof TargetGuard.RefusedTarget || e.getCause() instanceof TargetGuard.RefusedTarget) {
            return (e instanceof TargetGuard.RefusedTarget ? e : e.getCause()).getMessage();
        }
        if (e instanceof java.io.InterruptedIOException) {
            return "no answer within the timeout";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) : message;
    }

    @PreDestroy
    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
