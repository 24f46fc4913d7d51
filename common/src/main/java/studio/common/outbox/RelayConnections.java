package studio.common.outbox;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import studio.common.events.CloudEventHeaders;

/**
 * Where the outbox relay reads and writes: the service's own database (its replication slot, its
 * dead letters, Debezium's saved positions) over plain JDBC, outside the reactive pool, and Kafka.
 * The relay's Debezium engine and producer are configured here.
 */
@ApplicationScoped
public class RelayConnections {

    private static final Logger LOG = Logger.getLogger(RelayConnections.class);

    private final OutboxRelayConfig config;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    private final String serviceName;

    public RelayConnections(OutboxRelayConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.config = config;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
        this.serviceName = serviceName;
    }

    /** A new connection to the service's database (the caller closes it). */
    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Makes the relay's logical replication slot unless it exists (another replica may make it at the same moment). */
    void ensureSlot() {
        try (Connection connection = database()) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
                exists.setString(1, config.slotName());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement create = connection.prepareStatement(
                    "SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                create.setString(1, config.slotName());
                create.execute();
                LOG.infof("Created replication slot %s for the outbox relay", config.slotName());
            }
        } catch (SQLException e) {
            if ("42710".equals(e.getSQLState())) {
                return; // another replica created it at the same moment
            }
            throw new IllegalStateException("Cannot prepare the outbox replication slot " + config.slotName(), e);
        }
    }

    Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-outbox-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return props;
    }

    Properties engineProperties() {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = db.getPath().substring(1);
        Properties props = new Properties();
        props.setProperty("name", serviceName + "-outbox-relay");
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("topic.prefix", serviceName);
        props.setProperty("database.hostname", db.getHost());
        props.setProperty("database.port", String.valueOf(db.getPort() < 0 ? 5432 : db.getPort()));
        props.setProperty("database.user", user);
        props.setProperty("database.password", password);
        props.setProperty("database.dbname", database);
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", config.slotName());
        props.setProperty("slot.drop.on.stop", String.valueOf(config.dropSlotOnStop()));
        props.setProperty("publication.name", config.publication());
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "public.outbox_event");
        props.setProperty("snapshot.mode", "no_data");
        props.setProperty("tombstones.on.delete", "false");
        props.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        props.setProperty("offset.storage.jdbc.connection.url", jdbcUrl);
        props.setProperty("offset.storage.jdbc.connection.user", user);
        props.setProperty("offset.storage.jdbc.connection.password", password);
        props.setProperty("offset.storage.jdbc.table.name", config.offsetsTable());
        props.setProperty("offset.flush.interval.ms", String.valueOf(config.offsetFlushInterval().toMillis()));
        props.setProperty("poll.interval.ms", String.valueOf(config.pollInterval().toMillis()));
        props.setProperty("transforms", "outbox");
        props.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        props.setProperty("transforms.outbox.table.field.event.id", "id");
        props.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        props.setProperty("transforms.outbox.table.field.event.payload", "payload");
        props.setProperty("transforms.outbox.route.by.field", "aggregate_type");
        props.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        props.setProperty("transforms.outbox.table.fields.additional.placement",
                "id:header:" + CloudEventHeaders.ID
                        + ",type:header:" + CloudEventHeaders.TYPE
                        + ",source:header:" + CloudEventHeaders.SOURCE
                        + ",occurred_at:header:" + CloudEventHeaders.TIME
                        + ",aggregate_id:header:" + CloudEventHeaders.SUBJECT);
        return props;
    }
}
