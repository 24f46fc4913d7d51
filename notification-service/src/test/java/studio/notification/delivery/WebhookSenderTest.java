package studio.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The sender against receivers that behave as real ones do. */
class WebhookSenderTest {

    @Test
    void aReceiverThatClosesEveryConnectionAfterAnsweringStillGetsEachWebhook() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> {
                while (!server.isClosed()) {
                    // answers 204, then hangs up without saying "Connection: close" (HTTP/1.0 servers do this)
                    try (Socket socket = server.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        int length = 0;
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            if (line.toLowerCase().startsWith("content-length:")) {
                                length = Integer.parseInt(line.substring(15).strip());
                            }
                        }
                        for (int i = 0; i < length; i++) {
                            in.read();
                        }
                        requests.incrementAndGet();
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (Exception closed) {
                        // the test is over
                    }
                }
            });
            receiver.setDaemon(true);
            receiver.start();

            WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), new TargetGuard(true));
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/hook";
            for (int i = 0; i < 3; i++) {
                WebhookSender.Outcome outcome = sender.send(new WebhookSender.Message(url, List.of(WebhookSigner.newSecret()), "msg_" + i,
                        "{}")).await().atMost(Duration.ofSeconds(10));
                assertThat(outcome.status()).as("attempt " + i + ": " + outcome.error()).isEqualTo(204);
                Thread.sleep(100);
            }
            assertThat(requests.get()).isEqualTo(3);
        }
    }
}
