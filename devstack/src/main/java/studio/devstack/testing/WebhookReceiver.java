package studio.devstack.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * A subscriber's endpoint inside a test: records every request it gets and answers 204, or what
 * {@link #answer} says; it can go {@link #down()} and come back {@link #up()} on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** An answer: a status and response headers. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    /** Every request, in order of arrival, whatever it was answered. */
    public final List<WebhookVerifier.Received> received = new CopyOnWriteArrayList<>();
    /** The requests answered 2xx: what the sender counts as delivered. */
    private final List<WebhookVerifier.Received> delivered = new CopyOnWriteArrayList<>();
    /** What to answer a request; 204 unless a test says otherwise. */
    public volatile Function<WebhookVerifier.Received, Answer> answer = request -> Answer.of(204);

    private final int port;
    private HttpServer server;

    public WebhookReceiver() throws IOException {
        this(0);
    }

    private WebhookReceiver(int port) throws IOException {
        server = listen(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> e.getValue().get(0)));
            WebhookVerifier.Received request = new WebhookVerifier.Received(body, headers);
            Answer reply = answer.apply(request);
            received.add(request);
            if (reply.status() >= 200 && reply.status() < 300) {
                delivered.add(request);
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
        });
        http.start();
        return http;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** The requests that were answered 2xx. */
    public List<WebhookVerifier.Received> delivered() {
        return List.copyOf(delivered);
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public synchronized void up() throws IOException {
        server = listen(port);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
