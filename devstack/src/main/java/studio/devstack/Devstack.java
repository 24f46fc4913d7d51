package studio.devstack;

import java.nio.file.Path;
import java.util.List;

import org.jboss.logging.Logger;

import studio.common.events.Topics;
import studio.devstack.openai.OpenAiStub;

/**
 * The platform's real infrastructure on one machine, without Docker: PostgreSQL, Kafka, S3-compatible
 * storage, Keycloak, the local token issuer and the OpenAI stub, each started on first use.
 *
 * <p>Tests share one instance per JVM ({@link #shared()}), with throwaway data; the launcher makes
 * its own with fixed ports and data kept under {@code .studio/}. Either way, processes left by an
 * earlier run that was killed are stopped first (see {@link PidFiles}).
 */
public final class Devstack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Devstack.class);
    private static Devstack shared;

    private final Settings settings;
    private final PidFiles pids;
    private Postgres postgres;
    private Kafka kafka;
    private ObjectStore objectStore;
    private OpenAiStub openAi;
    private OidcKeys oidc;
    private Keycloak keycloak;

    /** Where data lives and which ports to take (0: free ones); a null directory means temporary data. */
    public record Settings(Path pidDirectory, Path dataDirectory, int postgresPort, int kafkaPort, int s3Port, int openAiPort,
            int keycloakPort) {

        public static Settings forTests() {
            Path pids = Path.of(System.getProperty("java.io.tmpdir"), "studio-devstack", "pids");
            return new Settings(pids, null, 0, 0, 0, 0, 0);
        }

        Path data(String part) {
            return dataDirectory == null ? null : dataDirectory.resolve(part);
        }
    }

    public Devstack(Settings settings) {
        this.settings = settings;
        this.pids = new PidFiles(settings.pidDirectory());
        List<String> reaped = pids.reapOrphans();
        if (!reaped.isEmpty()) {
            LOG.warnf("Stopped processes left by an earlier run that was killed: %s", reaped);
        }
    }

    /** The instance every test of this JVM shares, stopped when the JVM exits. */
    public static synchronized Devstack shared() {
        if (shared == null) {
            shared = new Devstack(Settings.forTests());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "devstack-shutdown"));
        }
        return shared;
    }

    public synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.start(settings.postgresPort(), settings.data("postgres"), pids);
            LOG.infof("PostgreSQL ready on port %d", postgres.port());
        }
        return postgres;
    }

    /** The broker, with every topic of {@link Topics#all()} created. */
    public synchronized Kafka kafka() {
        if (kafka == null) {
            kafka = Kafka.start(settings.kafkaPort(), settings.data("kafka"));
            kafka.ensureTopics(Topics.all(), Topics::partitions);
            LOG.infof("Kafka ready at %s with topics %s", kafka.bootstrapServers(), Topics.all());
        }
        return kafka;
    }

    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            Path log = settings.dataDirectory() == null ? null : settings.dataDirectory().resolve("s3proxy.log");
            objectStore = ObjectStore.start(settings.s3Port(), settings.data("s3"), log, pids);
            LOG.infof("S3 storage ready at %s", objectStore.endpoint());
        }
        return objectStore;
    }

    public synchronized OpenAiStub openAi() {
        if (openAi == null) {
            openAi = OpenAiStub.start(settings.openAiPort());
            LOG.infof("OpenAI stub ready at %s", openAi.baseUrl());
        }
        return openAi;
    }

    /** The identity provider with the project's realm (the services' own tests keep the local {@link #oidc()} key). */
    public synchronized Keycloak keycloak() {
        if (keycloak == null) {
            keycloak = Keycloak.start(settings.keycloakPort(), settings.data("keycloak"), pids);
            LOG.infof("Keycloak ready at %s", keycloak.issuer());
        }
        return keycloak;
    }

    /** The token issuer; its key is kept under the data directory so tokens survive restarts. */
    public synchronized OidcKeys oidc() {
        if (oidc == null) {
            oidc = settings.dataDirectory() == null ? OidcKeys.generate() : OidcKeys.loadOrCreate(settings.data("oidc"));
        }
        return oidc;
    }

    public PidFiles pids() {
        return pids;
    }

    @Override
    public synchronized void close() {
        closeQuietly(openAi);
        closeQuietly(keycloak);
        closeQuietly(kafka);
        closeQuietly(objectStore);
        closeQuietly(postgres);
        openAi = null;
        keycloak = null;
        kafka = null;
        objectStore = null;
        postgres = null;
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("Stopping a devstack part failed", e);
        }
    }
}
