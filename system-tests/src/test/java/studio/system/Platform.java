package studio.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import studio.devstack.Devstack;
import studio.devstack.ObjectStore;
import studio.devstack.OidcKeys;
import studio.devstack.PidFiles;
import studio.devstack.Postgres;

/**
 * The whole platform as separate processes: devstack's infrastructure in this JVM (and its child
 * processes), and the five services and the gateway from their packaged jars, each on a free port.
 */
final class Platform implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    /** A service: its module, and its database (null for none). */
    record Service(String name, String database) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("template-service", "template"),
            new Service("style-service", "style"),
            new Service("batch-service", "batch"),
            new Service("generation-worker", "worker"),
            new Service("notification-service", "notification"),
            new Service("gateway", null));

    private final Devstack devstack = Devstack.shared();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path root = Path.of(System.getProperty("studio.root", "..")).toAbsolutePath().normalize();
    private final Path logs = root.resolve("system-tests/target/platform-logs");

    Platform start() {
        SERVICES.forEach(s -> ports.put(s.name(), studio.devstack.Ports.free()));
        try {
            Files.createDirectories(logs);
            for (Service service : SERVICES) {
                processes.add(launch(service));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
        awaitReady();
        return this;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + ports.get("gateway");
    }

    private Process launch(Service service) throws IOException {
        Path jar = root.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Djava.awt.headless=true"));
        settings(service).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(service.name() + ".log").toFile()).start();
        devstack.pids().record("system-" + service.name(), process.pid(), service.name() + "/target/quarkus-app/quarkus-run.jar");
        return process;
    }

    private Map<String, String> settings(Service service) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.port", String.valueOf(ports.get(service.name())));
        if ("gateway".equals(service.name())) {
            for (Service s : SERVICES) {
                if (!"gateway".equals(s.name()) && !"generation-worker".equals(s.name())) {
                    settings.put("studio.gateway.services." + s.name(), "http://127.0.0.1:" + ports.get(s.name()));
                }
            }
            return settings;
        }
        settings.put("kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
        settings.put("quarkus.oidc.public-key", devstack.oidc().publicKeyBase64());
        settings.put("quarkus.oidc.token.issuer", OidcKeys.ISSUER);
        if (service.database() != null) {
            Postgres postgres = devstack.postgres();
            postgres.ensureDatabase(service.database());
            settings.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(service.database()));
            settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
            settings.put("quarkus.datasource.username", Postgres.USER);
            settings.put("quarkus.datasource.password", Postgres.PASSWORD);
        }
        if ("batch-service".equals(service.name())) {
            settings.put("quarkus.rest-client.template-service.url", "http://127.0.0.1:" + ports.get("template-service"));
            settings.put("quarkus.rest-client.style-service.url", "http://127.0.0.1:" + ports.get("style-service"));
        }
        if ("generation-worker".equals(service.name())) {
            // the OpenAI provider against devstack's stub, which the tests can tell to fail or slow down
            settings.put("studio.openai.base-url", devstack.openAi().baseUrl());
            settings.put("studio.openai.api-key", "sk-devstack-stub");
        }
        if ("style-service".equals(service.name())) {
            settings.put("quarkus.rest-client.batch-service.url", "http://127.0.0.1:" + ports.get("batch-service"));
        }
        // the worker stores images; the services that hand out links sign them for this store
        settings.put("studio.storage.endpoint", devstack.objectStore().endpoint());
        settings.put("studio.storage.access-key", ObjectStore.ACCESS_KEY);
        settings.put("studio.storage.secret-key", ObjectStore.SECRET_KEY);
        return settings;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (int i = 0; i < SERVICES.size(); i++) {
            Service service = SERVICES.get(i);
            URI ready = URI.create("http://127.0.0.1:" + ports.get(service.name()) + "/q/health/ready");
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException(service.name() + " exited; see " + logs.resolve(service.name() + ".log"));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still starting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(service.name() + " not ready after " + READY_TIMEOUT + "; see "
                            + logs.resolve(service.name() + ".log"));
                }
                sleep(500);
            }
        }
    }

    /**
     * The last warnings and errors of every service's log, short enough to go into a failed
     * assertion's message, which is what a CI summary shows of a failure.
     */
    String problems() {
        StringBuilder out = new StringBuilder();
        for (Service service : SERVICES) {
            Path log = logs.resolve(service.name() + ".log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                List<String> bad = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                        || l.startsWith("Caused by") || l.startsWith("java.") || l.startsWith("Exception")).toList();
                bad.subList(Math.max(0, bad.size() - 6), bad.size()).forEach(l -> out.append(service.name()).append(": ")
                        .append(l, 0, Math.min(l.length(), 300)).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append(service.name()).append(": log unreadable: ").append(e).append('\n');
            }
        }
        return out.length() == 0 ? "no warnings or errors in the services' logs" : out.toString();
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    PidFiles.kill(p.toHandle());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            devstack.pids().forget("system-" + SERVICES.get(i).name());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
