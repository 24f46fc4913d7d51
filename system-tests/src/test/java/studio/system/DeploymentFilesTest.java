package studio.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The deployment files, checked offline by the tools that really read them (../shared/INFRA.md):
 * docker-compose.yml by Debian's docker-compose and by dclint, Prometheus's configuration, alert rules
 * (with their unit tests) and every dashboard query by promtool, each Kubernetes overlay by kubectl
 * kustomize and the objects' schemas, docs/asyncapi.yaml by the AsyncAPI parser; and a service started with the prod
 * profile and no settings refuses to start, naming what is missing. .ci/run installs the Debian tools;
 * the npm ones come from deploy/checks' lock file.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("studio.root", "..")).toAbsolutePath().normalize();
    private static final Path CHECKS = ROOT.resolve("deploy/checks");

    /** What docker-compose.yml requires from .env, with stand-in values. */
    private static final Map<String, String> COMPOSE_SECRETS = Map.of("POSTGRES_PASSWORD", "check", "MINIO_ROOT_PASSWORD", "check",
            "KEYCLOAK_ADMIN_PASSWORD", "check", "GRAFANA_ADMIN_PASSWORD", "check", "OPENAI_API_KEY", "check");

    @BeforeAll
    static void npmTools() throws Exception {
        if (!Files.isDirectory(CHECKS.resolve("node_modules"))) {
            assertThat(run(CHECKS, Map.of(), "npm", "ci", "--no-audit", "--no-fund").exit).as("npm ci in deploy/checks").isZero();
        }
    }

    @Test
    void theComposeFileIsValidForDockerComposeAndDclint() throws Exception {
        Result compose = run(ROOT, COMPOSE_SECRETS, tool("docker-compose", "docker-compose"), "-f", "docker-compose.yml", "config", "-q");
        assertThat(compose.exit).as("docker-compose config -q: " + compose.output).isZero();
        Result lint = run(CHECKS, Map.of(), CHECKS.resolve("node_modules/.bin/dclint").toString(), "-q", ROOT.resolve("docker-compose.yml").toString());
        assertThat(lint.exit).as("dclint: " + lint.output).isZero();
        // without its secrets compose refuses, naming the first one missing
        Result bare = run(ROOT, Map.of(), tool("docker-compose", "docker-compose"), "-f", "docker-compose.yml", "config", "-q");
        assertThat(bare.exit).isNotZero();
        assertThat(bare.output).contains("set POSTGRES_PASSWORD in .env");
        // compose's Keycloak imports the realm ./studio up imports
        assertThat(Files.readString(ROOT.resolve("docker-compose.yml"))).contains("./deploy/keycloak/studio-realm.json:/opt/keycloak/data/import/");
        // .env.example names every secret the compose file requires
        String example = Files.readString(ROOT.resolve(".env.example"));
        COMPOSE_SECRETS.keySet().forEach(name -> assertThat(example).as(".env.example").containsPattern("(?m)^" + name + "="));
    }

    @Test
    void prometheusItsAlertsAndEveryDashboardQueryPassPromtool() throws Exception {
        String promtool = tool("promtool", "prometheus");
        Result config = run(ROOT, Map.of(), promtool, "check", "config", "deploy/prometheus/prometheus.yml");
        assertThat(config.exit).as("promtool check config: " + config.output).isZero();
        Result alerts = run(ROOT, Map.of(), promtool, "test", "rules", "deploy/prometheus/studio-alerts.test.yml");
        assertThat(alerts.exit).as("promtool test rules: " + alerts.output).isZero();

        // each dashboard panel's query, as a recording rule promtool parses
        StringBuilder rules = new StringBuilder("groups:\n");
        List<String> dashboards = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(f -> dashboards.add(f.toString()));
        }
        assertThat(dashboards).isNotEmpty();
        int queries = 0;
        for (String file : dashboards) {
            JsonObject dashboard = new JsonObject(Files.readString(Path.of(file)));
            assertThat(dashboard.getString("uid")).as(file).isNotBlank();
            rules.append("  - name: ").append(dashboard.getString("uid")).append("\n    rules:\n");
            JsonArray panels = dashboard.getJsonArray("panels");
            for (int p = 0; p < panels.size(); p++) {
                JsonArray targets = panels.getJsonObject(p).getJsonArray("targets");
                for (int t = 0; t < targets.size(); t++) {
                    rules.append("      - record: dashboard:panel_").append(p + 1).append('_').append(t + 1).append("\n        expr: ")
                            .append(quoted(targets.getJsonObject(t).getString("expr"))).append('\n');
                    queries++;
                }
            }
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        Files.writeString(file, rules);
        Result checked = run(ROOT, Map.of(), promtool, "check", "rules", file.toString());
        assertThat(checked.exit).as("promtool check rules on the dashboards' queries: " + checked.output + "\n" + rules).isZero();
        assertThat(checked.output).contains("SUCCESS: " + queries + " rules found");
    }

    @Test
    void everyKubernetesOverlayRendersAndEachObjectValidatesAgainstItsSchema() throws Exception {
        String kubectl = tool("kubectl", "kubectl");
        for (String overlay : List.of("dev", "prod")) {
            // the base reads the realm and Prometheus's files from deploy/, beside it
            Result rendered = run(ROOT, Map.of(), kubectl, "kustomize", "--load-restrictor", "LoadRestrictionsNone", "deploy/k8s/overlays/" + overlay);
            assertThat(rendered.exit).as("kubectl kustomize " + overlay + ": " + rendered.output).isZero();
            Path manifest = Files.createTempFile("studio-" + overlay, ".yaml");
            Files.writeString(manifest, rendered.output);
            Result valid = run(CHECKS, Map.of(), "sh", "-c", "node validate-k8s.mjs < " + manifest);
            assertThat(valid.exit).as("schemas of " + overlay + ": " + valid.output).isZero();

            List<JsonObject> objects = new ArrayList<>();
            for (String doc : rendered.output.split("(?m)^---$")) {
                if (!doc.isBlank()) {
                    objects.add(new JsonObject(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                            .readValue(doc, java.util.Map.class)));
                }
            }
            List<JsonObject> deployments = objects.stream().filter(o -> "Deployment".equals(o.getString("kind"))).toList();
            assertThat(deployments).extracting(d -> d.getJsonObject("metadata").getString("name")).containsExactlyInAnyOrder(
                    "template-service", "style-service", "batch-service", "generation-worker", "notification-service", "gateway");
            for (JsonObject d : deployments) {
                JsonObject container = d.getJsonObject("spec").getJsonObject("template").getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
                assertThat(container.getJsonObject("readinessProbe").getJsonObject("httpGet").getString("path")).isEqualTo("/q/health/ready");
                assertThat(container.getJsonObject("livenessProbe").getJsonObject("httpGet").getString("path")).isEqualTo("/q/health/live");
                assertThat(container.getJsonObject("resources").getJsonObject("requests").fieldNames()).contains("cpu", "memory");
                assertThat(container.getJsonObject("resources").getJsonObject("limits").fieldNames()).contains("memory");
            }
            // the Ingress reaches the gateway alone
            objects.stream().filter(o -> "Ingress".equals(o.getString("kind"))).forEach(ingress -> ingress.getJsonObject("spec").getJsonArray("rules")
                    .forEach(rule -> ((JsonObject) rule).getJsonObject("http").getJsonArray("paths").forEach(path -> assertThat(((JsonObject) path)
                            .getJsonObject("backend").getJsonObject("service").getString("name")).isEqualTo("gateway"))));
            // the workers scale on their lag up to the jobs topics' partitions, and no further
            JsonObject scaled = objects.stream().filter(o -> "ScaledObject".equals(o.getString("kind"))).findFirst().orElseThrow();
            assertThat(scaled.getJsonObject("spec").getInteger("maxReplicaCount")).isBetween(1, studio.common.events.Topics.partitions(
                    studio.common.events.Topics.jobs(studio.common.events.Lane.STANDARD)));
            assertThat(scaled.getJsonObject("spec").getJsonArray("triggers")).allSatisfy(t -> assertThat(((JsonObject) t).getJsonObject("metadata")
                    .getString("consumerGroup")).isEqualTo("generation-worker"));
            // Prometheus scrapes every pod of the platform, and loads the alert rules promtool checked
            assertThat(objects).anySatisfy(o -> assertThat(o.getString("kind")).isEqualTo("PodMonitor"));
            JsonObject rules = objects.stream().filter(o -> "ConfigMap".equals(o.getString("kind"))
                    && o.getJsonObject("metadata").getString("name").startsWith("studio-prometheus-rules")).findFirst().orElseThrow();
            assertThat(rules.getJsonObject("data").getString("studio-alerts.yml")).isEqualTo(Files.readString(ROOT.resolve("deploy/prometheus/studio-alerts.yml")));
            if ("prod".equals(overlay)) {
                // applied as it is: the addresses and secrets are the operator's, made in the cluster from its own files
                assertThat(objects).noneSatisfy(o -> assertThat(o.getJsonObject("metadata").getString("name")).isIn("studio-config", "studio-secrets"));
            }
            // the realm is the one ./studio up imports
            JsonObject realm = objects.stream().filter(o -> "ConfigMap".equals(o.getString("kind"))
                    && o.getJsonObject("metadata").getString("name").startsWith("studio-keycloak-realm")).findFirst().orElseThrow();
            assertThat(realm.getJsonObject("data").getString("studio-realm.json")).isEqualTo(Files.readString(ROOT.resolve("deploy/keycloak/studio-realm.json")));
        }
    }

    @Test
    void composesInitialisationMakesWhatThePlatformUses() throws Exception {
        // every topic with its partitions (and the compacted one compacted), as the services expect them
        String topics = Files.readString(ROOT.resolve("deploy/compose/create-topics.sh"));
        for (String topic : studio.common.events.Topics.all()) {
            int partitions = studio.common.events.Topics.partitions(topic);
            boolean listed = topics.contains("create " + topic + " " + partitions)
                    || (topic.startsWith("studio.generation.jobs.") && topics.contains("create \"studio.generation.jobs.$lane\" " + partitions)
                            && topics.contains(topic.substring("studio.generation.jobs.".length())))
                    || (partitions == 3 && java.util.regex.Pattern.compile("for topic in[^;]*\\b" + java.util.regex.Pattern.quote(topic) + "\\b").matcher(topics).find());
            assertThat(listed).as(topic + " made by create-topics.sh with " + partitions + " partitions").isTrue();
        }
        assertThat(topics).contains("create studio.vendors 3 cleanup.policy=compact");
        Result shell = run(ROOT, Map.of(), "sh", "-n", "deploy/compose/create-topics.sh");
        assertThat(shell.exit).as("sh -n create-topics.sh: " + shell.output).isZero();
        // one database per service (as each names its own) and Keycloak's
        String databases = Files.readString(ROOT.resolve("deploy/compose/postgres-init.sql"));
        for (String service : List.of("template-service", "style-service", "batch-service", "generation-worker", "notification-service")) {
            String own = java.util.Properties.class.cast(properties(ROOT.resolve(service + "/src/main/resources/application.properties")))
                    .getProperty("studio.database");
            assertThat(databases).as(service + "'s database").contains("CREATE DATABASE " + own + ";");
        }
        assertThat(databases).contains("CREATE DATABASE keycloak;");
        // Grafana's provisioning reads the dashboards' folder and the datasource they name
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var datasource = yaml.readTree(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile()).path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(yaml.readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/studio.yml").toFile()).path("providers").get(0)
                .path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        try (var files = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path dashboard : files.toList()) {
                JsonArray panels = new JsonObject(Files.readString(dashboard)).getJsonArray("panels");
                panels.forEach(panel -> assertThat(((JsonObject) panel).getJsonObject("datasource").getString("uid"))
                        .isEqualTo(datasource.path("uid").asText()));
            }
        }
    }

    private static java.util.Properties properties(Path file) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void theAsyncApiDocumentOfTheTopicsValidates() throws Exception {
        // common's AsyncApiDocumentTest keeps it equal to the event records; here the AsyncAPI parser reads it
        Result parsed = run(CHECKS, Map.of(), "node", "validate-asyncapi.mjs", ROOT.resolve("docs/asyncapi.yaml").toString());
        assertThat(parsed.exit).as("@asyncapi/parser: " + parsed.output).isZero();
        assertThat(parsed.output).contains("AsyncAPI 3.0.0, 12 channels");
    }

    @Test
    void aServiceStartedForProductionWithoutItsSettingsRefusesToStartNamingThem() throws Exception {
        Path jar = ROOT.resolve("batch-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the services first (./mvnw verify does)").isRegularFile();
        Result started = run(ROOT, Map.of(), ProcessHandle.current().info().command().orElse("java"), "-Xmx192m",
                "-Dquarkus.http.port=0", "-jar", jar.toString());
        assertThat(started.exit).as("batch-service with the prod profile and no settings: " + started.output).isNotZero();
        // every missing setting named at once, before anything connects
        assertThat(started.output).contains("Configuration validation failed").contains("Could not expand value STUDIO_DB_HOST")
                .contains("KAFKA_BOOTSTRAP_SERVERS").contains("STUDIO_DB_PASSWORD").contains("STUDIO_OIDC_ISSUER")
                .contains("STUDIO_STORAGE_ENDPOINT").contains("STUDIO_TEMPLATE_SERVICE_URL");
    }

    private static String quoted(String expr) {
        return "'" + expr.replace("'", "''") + "'";
    }

    /** A Debian tool on the PATH, or a failure that says how to get it. */
    private static String tool(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is missing: install Debian's " + debianPackage + " (.ci/run does)");
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command without the platform's settings in its environment, and with the given ones. */
    private static Result run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("deployment-check", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STUDIO_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_")
                || k.equals("OPENAI_API_KEY") || COMPOSE_SECRETS.containsKey(k));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
