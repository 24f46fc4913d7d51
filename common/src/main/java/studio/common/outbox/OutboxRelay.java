package studio.common.outbox;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.debezium.embedded.Connect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import studio.common.events.CloudEventHeaders;

/**
 * Relays committed outbox rows to Kafka: Debezium embedded reads the inserts from the service's
 * logical replication slot (pgoutput), the outbox EventRouter turns each into a record for the
 * row's topic keyed by aggregate id, and this relay sends them on with the CloudEvents headers.
 * Positions are saved in the service's own database only after Kafka acknowledged the records, so
 * a restart resumes where it stopped (at least once; consumers are idempotent).
 *
 * <p>A record Kafka refuses for good (too large, invalid) is kept in {@code outbox_dead_letter},
 * counted in {@code studio_outbox_dead_lettered_total} (an alert fires on it) and logged, and the
 * relay goes on with the next one: one poison row never stops every other event. Any other refusal
 * (the broker away, say) stops the batch and the relay tries it again after a pause.
 *
 * <p>The slot allows one reader: a second replica's relay fails to attach and keeps retrying in
 * standby until the slot is free.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRelayConfig config;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    private final String serviceName;

    private final AtomicLong relayed = new AtomicLong();
    private final Counter deadLettered;
    private volatile ExecutorService executor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean streaming;
    private volatile boolean wanted;
    private volatile String lastError;

    public OutboxRelay(OutboxRelayConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String serviceName, MeterRegistry registry) {
        this.config = config;
        this.deadLettered = Counter.builder("studio.outbox.dead.lettered")
                .description("Outbox events Kafka refused for good, kept in outbox_dead_letter").register(registry);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
        this.serviceName = serviceName;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.relayEnabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Starts relaying. The slot is made first, synchronously: from then on the database keeps every
     * outbox insert for the relay, so nothing committed after start-up can be missed.
     */
    public synchronized void start() {
        if (wanted) {
            return;
        }
        ensureSlot();
        wanted = true;
        producer = new KafkaProducer<>(producerProperties());
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
        executor.execute(this::runUntilStopped);
    }

    /** Stops relaying; what was acknowledged by Kafka is remembered, the rest is sent after the next start. */
    public synchronized void stop() {
        if (!wanted) {
            return;
        }
        wanted = false;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current = engine;
        if (current != null) {
            closeQuietly(current);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        streaming = false;
    }

    /** Whether this replica currently holds the slot and streams. */
    public boolean isStreaming() {
        return streaming;
    }

    public boolean isEnabled() {
        return wanted;
    }

    public long relayedCount() {
        return relayed.get();
    }

    /** How many events this replica has dead-lettered since it started. */
    public long deadLetteredCount() {
        return (long) deadLettered.count();
    }

    public String lastError() {
        return lastError;
    }

    private void runUntilStopped() {
        while (wanted) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> running = DebeziumEngine
                    .create(ChangeEventFormat.of(Connect.class))
                    .using(engineProperties())
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void pollingStarted() {
                            streaming = true;
                            lastError = null;
                            LOG.infof("Outbox relay streaming from slot %s", config.slotName());
                        }

                        @Override
                        public void pollingStopped() {
                            streaming = false;
                        }
                    })
                    .using((success, message, error) -> {
                        streaming = false;
                        if (!success && wanted) {
                            lastError = message;
                            LOG.warnf("Outbox relay stopped (%s); retrying in %s", message, config.restartBackoff());
                        }
                    })
                    .notifying(this::relay)
                    .build();
            engine = running;
            try {
                running.run();
            } catch (RuntimeException e) {
                if (wanted) {
                    lastError = e.getMessage();
                    LOG.warn("Outbox relay failed", e);
                }
            } finally {
                closeQuietly(running);
            }
            engine = null;
            if (wanted) {
                try {
                    Thread.sleep(config.restartBackoff().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void relay(List<RecordChangeEvent<SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> change : batch) {
            SourceRecord record = change.record();
            if (record.value() == null) {
                continue;
            }
            records.add(record);
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                if (header.value() != null) {
                    headers.add(header.key(), header.value().toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            headers.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
            headers.add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(new ProducerRecord<>(record.topic(), null, String.valueOf(record.key()),
                    record.value().toString(), headers)));
        }
        producer.flush();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                if (!refusedForGood(e.getCause())) {
                    // Not marked processed: the engine stops, and the batch is read again after the restart.
                    throw new IllegalStateException("Kafka refused an outbox record", e.getCause());
                }
                deadLetter(records.get(i), e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> change : batch) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        relayed.addAndGet(sent.size());
    }

    /** A refusal of this one record that no retry can mend (as opposed to a broker that is away). */
    private static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                || cause instanceof InvalidTopicException || cause instanceof SerializationException;
    }

    /**
     * Keeps a refused record in {@code outbox_dead_letter} (whole, for an operator to inspect and
     * send again), counts and logs it. If it cannot be kept, the relay stops and retries rather
     * than lose it.
     */
    private void deadLetter(SourceRecord record, Throwable cause) {
        String payload = record.value().toString();
        String eventId = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_dead_letter"
                        + " (id, topic, aggregate_id, type, payload_bytes, payload, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING")) {
            insert.setObject(1, eventId == null ? java.util.UUID.randomUUID() : java.util.UUID.fromString(eventId));
            insert.setString(2, record.topic());
            insert.setString(3, String.valueOf(record.key()));
            insert.setString(4, type);
            insert.setInt(5, payload.getBytes(StandardCharsets.UTF_8).length);
            insert.setString(6, payload);
            insert.setString(7, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Kafka refused an outbox record and it cannot be dead-lettered", e);
        }
        deadLettered.increment();
        LOG.errorf("Outbox event %s (%s, key %s, topic %s) dead-lettered: Kafka refused it for good (%s). It is kept in"
                + " outbox_dead_letter; the relay goes on.", eventId, type, record.key(), record.topic(), cause.getMessage());
    }

    private static String header(SourceRecord record, String key) {
        Header header = record.headers().lastWithName(key);
        return header == null || header.value() == null ? null : header.value().toString();
    }

    private static void closeQuietly(DebeziumEngine<?> engine) {
        try {
            engine.close();
        } catch (IOException | IllegalStateException alreadyClosed) {
            // stopping an engine that already stopped (for example after a failure) is fine
        }
    }

    private void ensureSlot() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
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

    private Properties producerProperties() {
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

    private Properties engineProperties() {
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
