package studio.devstack.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps a Server-Sent Events stream open and records its lines, for assertions on live progress. */
public final class SseRecorder implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<java.io.InputStream>> response;
    private final Thread reader;

    public SseRecorder(URI stream, String bearerToken) {
        this(stream, bearerToken, null);
    }

    /** Reconnecting as a browser's EventSource does: with the id of the last event it saw. */
    public SseRecorder(URI stream, String bearerToken, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(stream)
                .header("Authorization", "Bearer " + bearerToken).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.get().body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ended) {
                // the stream ends when the recorder is closed
            }
        }, "sse-recorder");
        reader.setDaemon(true);
        reader.start();
    }

    /** The HTTP status of the stream's answer (waits for the headers). */
    public int status() {
        return response.join().statusCode();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        response.thenAccept(r -> {
            try {
                r.body().close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        });
        reader.interrupt();
    }
}
