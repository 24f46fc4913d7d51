package studio.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import studio.devstack.Devstack;
import studio.devstack.ObjectStore;
import studio.devstack.Keycloak;
import studio.devstack.PidFiles;
import studio.devstack.Postgres;

/**
 * The whole platform as separate processes: devstack's infrastructure in this JVM (and its child
 * processes), Keycloak with the project's realm, and the five services and the gateway from their
 * packaged jars, each on a free port. The services verify Keycloak's tokens as in a deployment
 * (issuer and keys from its discovery document, audience checked); tests sign in through it.
 * One platform serves every test class of this module ({@link #shared()}).
 */
final class Platform implements AutoCloseable {

    private static Platform shared;

    /**
     * The platform every test class shares, started on first use and stopped when the JVM exits,
     * with rest-assured pointed at its gateway.
     */
    static synchronized Platform shared() {
        if (shared == null) {
            shared = new Platform().start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "platform-shutdown"));
        }
        io.restassured.RestAssured.baseURI = shared.gatewayUrl();
        io.restassured.RestAssured.port = -1;
        return shared;
    }

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
    /** Replicas started by a test beside the platform's own, by log name ({@code <service>-<name>}). */
    private final Map<String, Process> replicas = new LinkedHashMap<>();
    private final Map<String, Integer> replicaPorts = new LinkedHashMap<>();
    private final Path root = Path.of(System.getProperty("studio.root", "..")).toAbsolutePath().normalize();
    private final Path logs = root.resolve("system-tests/target/platform-logs");

    Platform start() {
        SERVICES.forEach(s -> ports.put(s.name(), studio.devstack.Ports.free()));
        devstack.keycloak().allowWebApp(gatewayUrl());
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

    /** Where a service of the platform's own answers directly (not through the gateway). */
    String serviceUrl(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** A vendor user's Keycloak token (the vendor is made in the realm on first use). */
    String vendorToken(String vendor) {
        return devstack.keycloak().token(vendor, false);
    }

    /** A token of an admin user of the vendor (realm role admin). */
    String adminToken(String vendor) {
        return devstack.keycloak().token(vendor, true);
    }

    Keycloak keycloak() {
        return devstack.keycloak();
    }

    /**
     * Starts another generation-worker replica (same group, same database, its own port and log
     * {@code generation-worker-<name>.log}) and waits until it is ready.
     */
    void startWorker(String name) {
        startReplica("generation-worker", name);
    }

    /**
     * Starts another replica of a service (same settings and database as the platform's own, its
     * own port and log {@code <service>-<name>.log}) and waits until it is ready; returns its port.
     * The gateway keeps routing to the first replica; the replicas share the service's Kafka groups.
     */
    int startReplica(String serviceName, String name) {
        Service service = SERVICES.stream().filter(s -> serviceName.equals(s.name())).findFirst().orElseThrow();
        int port = studio.devstack.Ports.free();
        String logName = serviceName + "-" + name;
        try {
            Process process = launch(service, port, logName);
            replicas.put(logName, process);
            replicaPorts.put(logName, port);
            awaitReady(logName, port, process);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a service's log (a replica's: {@code <service>-<name>}) that contain {@code text}. */
    List<String> logLines(String logName, String text) {
        try {
            Path log = logs.resolve(logName + ".log");
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The worker processes alive now, by log name (the platform's own is {@code generation-worker}). */
    List<String> liveWorkers() {
        List<String> live = new ArrayList<>();
        if (processes.get(indexOf("generation-worker")).isAlive()) {
            live.add("generation-worker");
        }
        replicas.forEach((name, process) -> {
            if (name.startsWith("generation-worker-") && process.isAlive()) {
                live.add(name);
            }
        });
        return live;
    }

    /**
     * Stops a service process by log name (the platform's own or a replica): gracefully (SIGTERM,
     * its shutdown runs) or with SIGKILL; returns once it is gone.
     */
    void stop(String logName, boolean kill) {
        Process process = replicas.containsKey(logName) ? replicas.get(logName) : processes.get(indexOf(logName));
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        awaitGone(process, Duration.ofSeconds(60));
    }

    /** Waits for a process told to stop to be gone; after {@code grace} it is killed. */
    private static void awaitGone(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                PidFiles.kill(process.toHandle());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live processes (services and replicas) whose readiness is not UP now, with their answers. */
    List<String> unready() {
        Map<String, Integer> all = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            if (processes.get(i).isAlive()) {
                all.put(SERVICES.get(i).name(), ports.get(SERVICES.get(i).name()));
            }
        }
        replicas.forEach((name, process) -> {
            if (process.isAlive()) {
                all.put(name, replicaPorts.get(name));
            }
        });
        List<String> unready = new ArrayList<>();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        all.forEach((name, port) -> {
            try {
                var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    unready.add(name + ": " + answer.body());
                }
            } catch (IOException e) {
                unready.add(name + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unready.add(name + ": interrupted");
            }
        });
        return unready;
    }

    /** The base URL of a process by log name (the platform's own service or a replica). */
    String urlOf(String logName) {
        Integer port = replicaPorts.containsKey(logName) ? replicaPorts.get(logName) : ports.get(logName);
        return "http://127.0.0.1:" + port;
    }

    private int indexOf(String service) {
        return SERVICES.indexOf(SERVICES.stream().filter(s -> service.equals(s.name())).findFirst().orElseThrow());
    }

    /** Kills the platform's own worker with SIGKILL (kill -9): no shutdown, no commit, no goodbye. */
    void killWorker() {
        stop("generation-worker", true);
    }

    /**
     * Starts the platform's own worker again when a chaos test stopped it for good: the gateway routes
     * the operators' view to it, so a test of that view needs it back.
     */
    void ensureOwnWorker() {
        if (!liveWorkers().contains("generation-worker")) {
            restart("generation-worker");
        }
    }

    /**
     * Stops one of the platform's services (a graceful stop) and starts it again on the same port,
     * logging to {@code <name>-restarted.log}; returns once it is ready.
     */
    void restart(String name) {
        int index = SERVICES.indexOf(SERVICES.stream().filter(s -> name.equals(s.name())).findFirst().orElseThrow());
        Process old = processes.get(index);
        old.destroy();
        try {
            if (!old.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                PidFiles.kill(old.toHandle());
            }
            Process process = launch(SERVICES.get(index), ports.get(name), name + "-restarted");
            processes.set(index, process);
            awaitReady(name, ports.get(name), process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process launch(Service service) throws IOException {
        return launch(service, ports.get(service.name()), service.name());
    }

    /** The profile the platform's jars run with here and under ./studio up: the development defaults, devstack's addresses. */
    static final String DEVSTACK_PROFILE = "devstack";

    private Process launch(Service service, int port, String logName) throws IOException {
        Path jar = root.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                // the worker holds images in flight (about 2.5 MB each at 1024x1024), as ./studio up gives it
                "generation-worker".equals(service.name()) ? "-Xmx512m" : "-Xmx192m", "-XX:+UseSerialGC", "-Xss512k",
                "-Djava.awt.headless=true"));
        if (!"generation-worker".equals(service.name())) {
            // the worker's hot paths (base64, SHA-256 of the S3 signature, image decoding) need C2; the others start faster on C1
            command.add("-XX:TieredStopAtLevel=1");
        }
        // the development defaults with devstack's addresses; the prod profile would ask for every setting (docs/DEPLOY.md)
        command.add("-Dquarkus.profile=" + DEVSTACK_PROFILE);
        settings(service).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(logName + ".log").toFile()).start();
        devstack.pids().record("system-" + logName, process.pid(), service.name() + "/target/quarkus-app/quarkus-run.jar");
        return process;
    }

    private Map<String, String> settings(Service service) {
        Map<String, String> settings = new LinkedHashMap<>();
        if ("gateway".equals(service.name())) {
            settings.put("studio.gateway.oidc.authority", devstack.keycloak().issuer());
            for (Service s : SERVICES) {
                if (!"gateway".equals(s.name())) {
                    settings.put("studio.gateway.services." + s.name(), "http://127.0.0.1:" + ports.get(s.name()));
                }
            }
            return settings;
        }
        settings.put("kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
        settings.put("quarkus.oidc.auth-server-url", devstack.keycloak().issuer());
        settings.put("quarkus.oidc.token.issuer", devstack.keycloak().issuer());
        settings.put("quarkus.oidc.token.audience", Keycloak.AUDIENCE);
        if (service.database() != null) {
            Postgres postgres = devstack.postgres();
            postgres.ensureDatabase(service.database());
            settings.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(service.database()));
            settings.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
            settings.put("quarkus.datasource.username", Postgres.USER);
            settings.put("quarkus.datasource.password", Postgres.PASSWORD);
        }
        if ("batch-service".equals(service.name())) {
            settings.put("studio.service-token", devstack.keycloak().serviceToken());
            settings.put("quarkus.rest-client.template-service.url", "http://127.0.0.1:" + ports.get("template-service"));
            settings.put("quarkus.rest-client.style-service.url", "http://127.0.0.1:" + ports.get("style-service"));
            // the workers send the bulk lane through the Batch API (below): its jobs wait at the provider, not in the fleet
            settings.put("studio.queue.bulk-through-batch-api", "true");
        }
        if ("generation-worker".equals(service.name())) {
            // the OpenAI provider against devstack's stub, which the tests can tell to fail or slow down
            settings.put("studio.openai.base-url", devstack.openAi().baseUrl());
            settings.put("studio.openai.api-key", "sk-devstack-stub");
            // the fleet's limit, shared by every replica through the worker database: 2 calls a second
            settings.put("studio.worker.rate-limit.requests-per-minute", "120");
            // a provider that hangs is cut after 10 s here (75 s by default), so the chaos tests see it within a minute
            settings.put("quarkus.rest-client.openai.read-timeout", "10000");
            // the bulk lane through the stub's Batch API, gathered for a second and read every half second; an
            // account refused pauses the fleet for 10 s (5 min by default)
            settings.put("studio.worker.batch-api.enabled", "true");
            settings.put("studio.worker.batch-api.gather", "1s");
            settings.put("studio.worker.batch-api.poll-interval", "500ms");
            settings.put("studio.worker.batch-api.lease", "10s");
            settings.put("studio.worker.account-pause", "10s");
        }
        if ("notification-service".equals(service.name())) {
            // the tests' receivers listen on loopback; retries come within seconds, not hours
            settings.put("studio.webhooks.allow-private-targets", "true");
            settings.put("studio.webhooks.retry-schedule", "0s,1s,2s,3s,5s,5s,5s,5s,5s,5s,5s,5s,5s,5s");
            settings.put("studio.webhooks.poll-interval", "500ms");
        }
        if ("style-service".equals(service.name())) {
            settings.put("quarkus.rest-client.batch-service.url", "http://127.0.0.1:" + ports.get("batch-service"));
        }
        // the worker stores images; the services that hand out links sign them for this store
        settings.put("studio.storage.endpoint", devstack.objectStore().endpoint());
        settings.put("studio.storage.access-key", ObjectStore.ACCESS_KEY);
        settings.put("studio.storage.secret-key", ObjectStore.SECRET_KEY);
        // a store that hangs is given up on after 5 s (30 s by default)
        settings.put("studio.storage.timeout", "5s");
        return settings;
    }

    private void awaitReady() {
        for (int i = 0; i < SERVICES.size(); i++) {
            Service service = SERVICES.get(i);
            awaitReady(service.name(), ports.get(service.name()), processes.get(i));
        }
    }

    private void awaitReady(String name, int port, Process process) {
        studio.devstack.Ports.awaitHttpOk(name, URI.create("http://127.0.0.1:" + port + "/q/health/ready"), READY_TIMEOUT,
                Duration.ofMillis(500), process.toHandle(), logs.resolve(name + ".log"));
    }

    /**
     * The last warnings and errors of every service's log, short enough to go into a failed
     * assertion's message, which is what a CI summary shows of a failure.
     */
    String problems() {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>(SERVICES.stream().map(Service::name).toList());
        names.addAll(replicas.keySet());
        for (String name : names) {
            Path log = logs.resolve(name + ".log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                List<String> bad = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                        || l.startsWith("Caused by") || l.startsWith("java.") || l.startsWith("Exception")).toList();
                bad.subList(Math.max(0, bad.size() - 6), bad.size()).forEach(l -> out.append(name).append(": ")
                        .append(l, 0, Math.min(l.length(), 300)).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append(name).append(": log unreadable: ").append(e).append('\n');
            }
        }
        return out.length() == 0 ? "no warnings or errors in the services' logs" : out.toString();
    }

    @Override
    public void close() {
        replicas.forEach((name, process) -> {
            process.destroy();
            awaitGone(process, Duration.ofSeconds(20));
            devstack.pids().forget("system-" + name);
        });
        processes.forEach(Process::destroy);
        for (int i = 0; i < processes.size(); i++) {
            awaitGone(processes.get(i), Duration.ofSeconds(20));
            devstack.pids().forget("system-" + SERVICES.get(i).name());
        }
    }
}
