package studio.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import studio.common.events.Topics;
import studio.common.tenancy.Claims;

class DevstackTest {

    private final Devstack devstack = Devstack.shared();

    @Test
    void postgresStopsAndStartsAgainWithItsData() throws Exception {
        Postgres postgres = devstack.postgres();
        postgres.ensureDatabase("devstack_outage");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("devstack_outage"), Postgres.USER, "")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS kept (n int); INSERT INTO kept VALUES (7)");
        }
        postgres.stop();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("devstack_outage"),
                Postgres.USER, "")).isInstanceOf(java.sql.SQLException.class);
        postgres.restart();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("devstack_outage"), Postgres.USER, "");
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kept WHERE n = 7")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
            rs.close();
            assertThat(c.createStatement().executeQuery("SHOW wal_level").next()).isTrue();
        }
    }

    @Test
    void kafkaStopsAndStartsAgainWithItsTopics() throws Exception {
        Kafka kafka = devstack.kafka();
        kafka.ensureTopics(java.util.List.of("devstack.outage"), 1);
        kafka.stop();
        kafka.restart();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("devstack.outage");
        }
    }

    @Test
    void postgresHasLogicalReplicationAndMakesDatabases() throws Exception {
        Postgres postgres = devstack.postgres();
        postgres.ensureDatabase("devstack_check");
        postgres.ensureDatabase("devstack_check");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("devstack_check"), Postgres.USER, "");
                ResultSet rs = c.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void kafkaHasEveryPlatformTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.all());
        }
    }

    @Test
    void objectStoreSpeaksS3ToTheMinioClient() throws Exception {
        MinioClient client = MinioClient.builder().endpoint(devstack.objectStore().endpoint())
                .credentials(ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY).build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket("devstack-check").build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket("devstack-check").build());
        }
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("devstack-check").object("a/b.txt")
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType("text/plain").build());
        try (var in = client.getObject(GetObjectArgs.builder().bucket("devstack-check").object("a/b.txt").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void objectStoreChecksSignaturesAsMinioDoes() throws Exception {
        MinioClient client = MinioClient.builder().endpoint(devstack.objectStore().endpoint())
                .credentials(ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY).build();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket("devstack-check").build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket("devstack-check").build());
        }
        byte[] content = "secret".getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("devstack-check").object("private.txt")
                .stream(new ByteArrayInputStream(content), (long) content.length, -1L).contentType("text/plain").build());
        MinioClient forger = MinioClient.builder().endpoint(devstack.objectStore().endpoint())
                .credentials(ObjectStore.ACCESS_KEY, "not-the-secret").build();
        assertThatThrownBy(() -> forger.bucketExists(BucketExistsArgs.builder().bucket("devstack-check").build()))
                .isInstanceOf(io.minio.errors.ErrorResponseException.class);
        // and an unsigned read is refused too
        java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(devstack.objectStore().endpoint() + "/devstack-check/private.txt")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
    }

    @Test
    void tokensCarryTheVendorAndRoles() {
        String token = devstack.oidc().adminToken("acme");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"vendor_id\":\"" + Claims.vendorIdFor("acme") + "\"")
                .contains("\"admin\"").contains("\"vendor\"").contains(OidcKeys.ISSUER);
    }

    @Test
    void orphansOfAKilledRunAreStopped() throws Exception {
        Path dir = Files.createTempDirectory("pids");
        PidFiles pids = new PidFiles(dir);
        Process orphan = new ProcessBuilder("sleep", "300").start();
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        pids.write("orphan", orphan.pid(), deadOwner.pid(), "sleep");
        Process kept = new ProcessBuilder("sleep", "300").start();
        pids.record("kept", kept.pid(), "sleep");

        assertThat(new PidFiles(dir).reapOrphans()).hasSize(1);

        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kept.isAlive()).isTrue();
        kept.destroyForcibly();
    }
}
