package studio.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.common.tenancy.Claims;

/**
 * The platform's identity provider on one machine: Keycloak from its Maven Central distribution
 * ({@code org.keycloak:keycloak-quarkus-dist}), run as a child process with the project's realm
 * ({@code deploy/keycloak/studio-realm.json}) imported. Vendors are groups carrying a
 * {@value Claims#VENDOR_ID} attribute; {@link #token} makes any vendor (group and user) on first use
 * and signs it in, so tests and {@code ./studio token} hold real Keycloak tokens.
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM = "studio";
    /** The audience the services check ({@code quarkus.oidc.token.audience}). */
    public static final String AUDIENCE = "studio-api";
    public static final String WEB_CLIENT = "studio-web";
    private static final String CLI_CLIENT = "studio-cli";
    private static final String SERVICES_CLIENT = "studio-services";
    /** The realm file's secret of the services' client: for development only (compose and Kubernetes take theirs from a secret). */
    private static final String SERVICES_SECRET = "studio-services-development-secret";
    private static final String ADMIN = "admin";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    /** The demo vendors of the realm file and their passwords, as {@code ./studio up} prints them. */
    public static final Map<String, String> DEMO_USERS = Map.of("acme", "acme-studio-demo", "greenleaf", "greenleaf-studio-demo",
            "operator", "operator-studio-demo");

    private final Process process;
    private final int port;
    private final String adminPassword;
    private final PidFiles pids;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SecureRandom random = new SecureRandom();

    private Keycloak(Process process, int port, String adminPassword, PidFiles pids) {
        this.process = process;
        this.port = port;
        this.adminPassword = adminPassword;
        this.pids = pids;
    }

    /**
     * Starts Keycloak on the port (0: a free one). With a data directory the distribution, its
     * database and its admin password are kept there between starts (the realm is imported on
     * the first); without one they are throwaway and the realm is imported every time.
     */
    public static Keycloak start(int port, Path dataDirectory, PidFiles pids) {
        try {
            boolean temporary = dataDirectory == null;
            Path base = temporary ? Path.of(System.getProperty("java.io.tmpdir"), "studio-devstack") : dataDirectory;
            Path home = KeycloakDistribution.unpacked(base);
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            try (InputStream realm = Keycloak.class.getResourceAsStream("/keycloak/studio-realm.json")) {
                Files.copy(realm, importDir.resolve("studio-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            String adminPassword = KeycloakDistribution.adminPassword(temporary ? null : base.resolve("keycloak-admin-password"));
            int httpPort = Ports.orFree(port);
            int managementPort = Ports.free();
            Path log = base.resolve("keycloak.log");
            Process process = KeycloakDistribution.launch(home, httpPort, managementPort, temporary, ADMIN, adminPassword, log);
            pids.record("keycloak-" + httpPort, process.pid(), "keycloak");
            Keycloak keycloak = new Keycloak(process, httpPort, adminPassword, pids);
            try {
                keycloak.awaitReady(log);
            } catch (RuntimeException e) {
                keycloak.close();
                throw e;
            }
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak did not start", e);
        }
    }

    /**
     * The Keycloak that {@code ./studio up} runs, for another process ({@code ./studio token}): its
     * port and the admin password kept in its data directory.
     */
    public static Keycloak attach(int port, Path dataDirectory) {
        try {
            Path file = dataDirectory.resolve("keycloak-admin-password");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no Keycloak has run with data in " + dataDirectory + ": start ./studio up first");
            }
            return new Keycloak(null, port, Files.readString(file).trim(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The realm's issuer, as browsers and services reach it: {@code http://127.0.0.1:N/realms/studio}. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    /**
     * A bearer token for a vendor's user (with {@code admin}, a separate user of the vendor that
     * also holds the admin role): the vendor's group and the user are made on first use, the user
     * signed in with the password grant of the development client {@code studio-cli}. The demo
     * users' own passwords are never touched.
     */
    public String token(String vendor, boolean admin) {
        return token(vendor, admin, CLI_CLIENT);
    }

    /**
     * The same user's token from another client of the realm: {@code admin-cli}, which every realm
     * has, adds neither the audience nor the vendor claim (how tests show that the services check them).
     */
    public synchronized String token(String vendor, boolean admin, String clientId) {
        String group = ensureVendor(vendor);
        String username = "cli-" + vendor + (admin ? "-admin" : "");
        String password = HexFormat.of().formatHex(randomBytes(16));
        String userId = ensureUser(username, group, admin);
        send("PUT", "/admin/realms/" + REALM + "/users/" + userId + "/reset-password",
                new JsonObject().put("type", "password").put("value", password).put("temporary", false));
        return form(issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password, "scope", "openid")).getString("access_token");
    }

    /** A token of Keycloak's own master realm (another issuer), which no service may accept. */
    public String masterRealmToken() {
        return form("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN, "password", adminPassword)).getString("access_token");
    }

    /** A token of the platform's services (role studio-service, no vendor), for {@code studio.service-token}. */
    public String serviceToken() {
        return form(issuer() + "/protocol/openid-connect/token", Map.of("grant_type", "client_credentials", "client_id", SERVICES_CLIENT,
                "client_secret", SERVICES_SECRET)).getString("access_token");
    }

    /** Ends every session of a user at Keycloak (as an expired or revoked session would): its refresh tokens stop working. */
    public synchronized void endSessions(String username) {
        String id = findOne("/admin/realms/" + REALM + "/users?exact=true&username=" + encode(username), "username", username);
        if (id == null) {
            throw new IllegalArgumentException("no user " + username);
        }
        send("POST", "/admin/realms/" + REALM + "/users/" + id + "/logout", null);
    }

    /** Lets the web app at this origin (a gateway on another port) sign in and out. */
    public synchronized void allowWebApp(String origin) {
        JsonObject client = client(WEB_CLIENT);
        JsonArray redirects = client.getJsonArray("redirectUris", new JsonArray());
        if (!redirects.contains(origin + "/*")) {
            redirects.add(origin + "/*");
        }
        JsonObject attributes = client.getJsonObject("attributes", new JsonObject());
        String logout = attributes.getString("post.logout.redirect.uris", "");
        if (!logout.contains(origin + "/*")) {
            attributes.put("post.logout.redirect.uris", logout.isEmpty() ? origin + "/*" : logout + "##" + origin + "/*");
        }
        client.put("redirectUris", redirects).put("attributes", attributes);
        send("PUT", "/admin/realms/" + REALM + "/clients/" + client.getString("id"), client);
    }

    private String ensureVendor(String vendor) {
        String existing = findOne("/admin/realms/" + REALM + "/groups?exact=true&search=" + encode(vendor), "name", vendor);
        if (existing != null) {
            return existing;
        }
        send("POST", "/admin/realms/" + REALM + "/groups", new JsonObject().put("name", vendor)
                .put("attributes", new JsonObject().put(Claims.VENDOR_ID, new JsonArray().add(Claims.vendorIdFor(vendor).toString()))));
        String id = findOne("/admin/realms/" + REALM + "/groups?exact=true&search=" + encode(vendor), "name", vendor);
        send("POST", "/admin/realms/" + REALM + "/groups/" + id + "/role-mappings/realm", new JsonArray().add(role(Claims.VENDOR_ROLE)));
        return id;
    }

    private String ensureUser(String username, String groupId, boolean admin) {
        String existing = findOne("/admin/realms/" + REALM + "/users?exact=true&username=" + encode(username), "username", username);
        if (existing != null) {
            return existing;
        }
        send("POST", "/admin/realms/" + REALM + "/users", new JsonObject().put("username", username).put("enabled", true)
                .put("email", username + "@vendors.studio.local").put("emailVerified", true).put("firstName", username).put("lastName", "cli"));
        String id = findOne("/admin/realms/" + REALM + "/users?exact=true&username=" + encode(username), "username", username);
        send("PUT", "/admin/realms/" + REALM + "/users/" + id + "/groups/" + groupId, null);
        if (admin) {
            send("POST", "/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm", new JsonArray().add(role(Claims.ADMIN_ROLE)));
        }
        return id;
    }

    private JsonObject role(String name) {
        return new JsonObject(send("GET", "/admin/realms/" + REALM + "/roles/" + encode(name), null));
    }

    private JsonObject client(String clientId) {
        return new JsonArray(send("GET", "/admin/realms/" + REALM + "/clients?clientId=" + encode(clientId), null)).getJsonObject(0);
    }

    private String findOne(String path, String field, String value) {
        JsonArray found = new JsonArray(send("GET", path, null));
        for (int i = 0; i < found.size(); i++) {
            if (value.equals(found.getJsonObject(i).getString(field))) {
                return found.getJsonObject(i).getString("id");
            }
        }
        return null;
    }

    /** The admin token and until when it is used (they live a minute: renewed after 40 s). */
    private String adminToken;
    private Instant adminTokenUntil = Instant.EPOCH;

    /** An admin REST call; the answer's body. */
    private synchronized String send(String method, String path, Object body) {
        if (Instant.now().isAfter(adminTokenUntil)) {
            adminToken = masterRealmToken();
            adminTokenUntil = Instant.now().plusSeconds(40);
        }
        String admin = adminToken;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = call(request.build());
        if (response.statusCode() >= 300 && response.statusCode() != 409) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + method + " " + path + ": " + response.body());
        }
        return response.body();
    }

    private JsonObject form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpResponse<String> response = call(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token at " + url + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Path log) {
        Ports.awaitHttpOk("Keycloak", URI.create(issuer() + "/.well-known/openid-configuration"), READY_TIMEOUT, Duration.ofMillis(300),
                process.toHandle(), log);
    }

    private byte[] randomBytes(int n) {
        return randomBytes(random, n);
    }

    static byte[] randomBytes(SecureRandom random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process != null) {
            PidFiles.kill(process.toHandle());
            pids.forget("keycloak-" + port);
        }
    }
}
