package studio.common.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import javax.net.SocketFactory;

import io.minio.Http;
import io.minio.MinioClient;
import io.minio.errors.MinioException;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one way a service makes its S3 client: the configured endpoint, credentials and region, and
 * timeouts, on sockets without Nagle's algorithm (see {@link NoDelaySockets}).
 */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * A client of {@code endpoint} (the services' own, or the public one links point at) with the
     * configured timeouts. Its HTTP client is MinIO's default one ({@link Http#newDefaultClient()}:
     * HTTP/1.1, retries on the statuses S3 asks to retry) on {@link NoDelaySockets}, made from its
     * parts so that the certificates named by {@code SSL_CERT_FILE} and {@code SSL_CERT_DIR} are read
     * only for an {@code https} endpoint: reading a whole certificate directory took a second, on the
     * event loop of the first request that needed a link.
     */
    public static MinioClient of(StorageConfig config, String endpoint) {
        OkHttpClient http = new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1)).addInterceptor(new Http.StatusRetryInterceptor())
                .socketFactory(new NoDelaySockets()).build();
        if (endpoint.regionMatches(true, 0, "https:", 0, 6)) {
            try {
                http = Http.enableExternalCertificatesFromEnv(http);
            } catch (MinioException e) {
                throw new IllegalStateException("the certificates named by SSL_CERT_FILE or SSL_CERT_DIR cannot be read", e);
            }
        }
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(config.accessKey(), config.secretKey())
                .region(config.region()).httpClient(http, true).build();
        long timeout = config.timeout().toMillis();
        client.setTimeout(config.connectTimeout().toMillis(), timeout, timeout);
        return client;
    }

    /** A client of the services' endpoint. */
    public static MinioClient of(StorageConfig config) {
        return of(config, config.endpoint());
    }

    /**
     * Sockets with {@code TCP_NODELAY}. OkHttp leaves Nagle's algorithm on, and it writes a request
     * body in 8 KiB segments: the last small segment of a PUT then waits for the server's delayed
     * acknowledgement of the one before, 40 ms on Linux. A 10 KB image took 46 ms to store, a 3 KB
     * thumbnail 6 ms.
     */
    static final class NoDelaySockets extends SocketFactory {

        private final SocketFactory sockets = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(sockets.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(sockets.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(sockets.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(sockets.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
