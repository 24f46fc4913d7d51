package studio.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher's entry point ({@code ./studio} calls it).
 * <ul>
 * <li>{@code up --home DIR [--database NAME]...}: starts the infrastructure on fixed ports with data
 * kept in DIR, writes {@code DIR/devstack.env} for the services, and runs until stopped.</li>
 * <li>{@code token --home DIR --vendor NAME [--admin]}: prints a bearer token from the running
 * {@code up}'s Keycloak, making the vendor in the realm when it is new.</li>
 * </ul>
 */
public final class DevstackMain {

    private static final int KEYCLOAK_PORT = 8180;

    private DevstackMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, List<String>> options = parse(args);
        Path home = Path.of(single(options, "home", ".studio")).toAbsolutePath();
        switch (args[0]) {
            case "up" -> up(home, options);
            case "token" -> {
                String vendor = single(options, "vendor", null);
                if (vendor == null || vendor.isBlank()) {
                    usage();
                }
                // a real Keycloak token of the running ./studio up: the vendor is made in the realm when it is new
                Keycloak keycloak = Keycloak.attach(port(options, "keycloak-port", KEYCLOAK_PORT), home.resolve("data").resolve("keycloak"));
                System.out.println(keycloak.token(vendor, options.containsKey("admin")));
            }
            default -> usage();
        }
    }

    private static void up(Path home, Map<String, List<String>> options) throws IOException, InterruptedException {
        Devstack.Settings settings = new Devstack.Settings(home.resolve("pids"), home.resolve("data"),
                port(options, "postgres-port", 15432), port(options, "kafka-port", 19092),
                port(options, "s3-port", 19000), port(options, "openai-port", 18900), port(options, "keycloak-port", KEYCLOAK_PORT));
        Devstack devstack = new Devstack(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            devstack.close();
            stopped.countDown();
        }, "devstack-shutdown"));

        Postgres postgres = devstack.postgres();
        for (String database : options.getOrDefault("database", List.of())) {
            postgres.ensureDatabase(database);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STUDIO_POSTGRES_PORT", String.valueOf(postgres.port()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", devstack.kafka().bootstrapServers());
        env.put("STUDIO_STORAGE_ENDPOINT", devstack.objectStore().endpoint());
        env.put("STUDIO_STORAGE_ACCESS_KEY", ObjectStore.ACCESS_KEY);
        env.put("STUDIO_STORAGE_SECRET_KEY", ObjectStore.SECRET_KEY);
        env.put("STUDIO_OPENAI_STUB_URL", devstack.openAi().baseUrl());
        // The services verify Keycloak's tokens: issuer and keys from its discovery document, audience checked.
        Keycloak keycloak = devstack.keycloak();
        env.put("STUDIO_KEYCLOAK_PORT", String.valueOf(keycloak.port()));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.issuer());
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", keycloak.issuer());
        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", Keycloak.AUDIENCE);
        env.put("STUDIO_GATEWAY_OIDC_AUTHORITY", keycloak.issuer());
        // studio.service-token: batch-service acts for a vendor with it (auto-generation of products from the shop's topic)
        env.put("STUDIO_SERVICE_TOKEN", keycloak.serviceToken());
        StringBuilder file = new StringBuilder("# Written by devstack at start-up; read by ./studio.\n");
        env.forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
        Files.writeString(home.resolve("devstack.env"), file);
        System.out.println("DEVSTACK READY");
        System.out.flush();
        stopped.await();
    }

    private static int port(Map<String, List<String>> options, String name, int fallback) {
        return Integer.parseInt(single(options, name, String.valueOf(fallback)));
    }

    private static String single(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(flag ? "" : args[++i]);
        }
        return options;
    }

    private static void usage() {
        System.err.println("usage: devstack up --home DIR [--database NAME]... [--postgres-port N] [--kafka-port N] [--s3-port N] [--openai-port N]"
                + " [--keycloak-port N]");
        System.err.println("       devstack token --home DIR --vendor NAME [--admin] [--keycloak-port N]");
        System.exit(2);
    }
}
