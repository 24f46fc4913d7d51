package studio.devstack.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Checks webhook signatures with Standard Webhooks' own TypeScript library, run by Node.js from
 * {@code tools/webhook-verifier}, so our Java signing code is never the judge of itself. Installs the
 * library with {@code npm ci} on first use.
 */
public final class WebhookVerifier {

    /** A webhook as a receiver got it: the raw body and the headers (lower-case names). */
    public record Received(String body, Map<String, String> headers) {
    }

    private WebhookVerifier() {
    }

    /** One line per webhook, in order: {@code ok} or {@code invalid: <reason>}. */
    public static List<String> verify(String secret, List<Received> webhooks) {
        Path tool = locate();
        try {
            if (!Files.isDirectory(tool.resolve("node_modules/standardwebhooks"))) {
                run(tool, null, "npm", "ci", "--no-audit", "--no-fund");
            }
            StringBuilder input = new StringBuilder();
            for (Received w : webhooks) {
                input.append(new JsonObject().put("secret", secret).put("payload", w.body())
                        .put("headers", new JsonObject(Map.copyOf(w.headers()))).encode()).append('\n');
            }
            return run(tool, input.toString(), "node", "verify.mjs").lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("the webhook verifier could not run (Node.js and npm are needed)", e);
        }
    }

    private static String run(Path directory, String stdin, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/webhook-verifier");
            if (Files.isRegularFile(candidate.resolve("verify.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/webhook-verifier not found above " + Path.of("").toAbsolutePath());
    }
}
