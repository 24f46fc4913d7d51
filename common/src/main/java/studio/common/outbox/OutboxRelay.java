package studio.common.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.debezium.embedded.Connect;
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

    /** {@code studio_outbox_relay_lag_seconds}: an alert fires when the relay falls behind. */
    private final Timer lag;

    private final OutboxRelayConfig config;
    private final RelayConnections connections;
    private final DeadLetters deadLetters;

    private final AtomicLong relayed = new AtomicLong();
    private volatile ExecutorService executor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean streaming;
    private volatile boolean wanted;
    private volatile String lastError;

    public OutboxRelay(OutboxRelayConfig config, RelayConnections connections, DeadLetters deadLetters, MeterRegistry registry) {
        this.lag = Timer.builder("studio.outbox.relay.lag").description("From an outbox event's commit to Kafka's acknowledgement of it")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.config = config;
        this.connections = connections;
        this.deadLetters = deadLetters;
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
        connections.ensureSlot();
        wanted = true;
        producer = new KafkaProducer<>(connections.producerProperties());
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
        return deadLetters.count();
    }

    public String lastError() {
        return lastError;
    }

    private void runUntilStopped() {
        while (wanted) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> running = DebeziumEngine
                    .create(ChangeEventFormat.of(Connect.class))
                    .using(connections.engineProperties())
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
        Instant now = Instant.now();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
                committedAt(records.get(i)).ifPresent(committed -> lag.record(Duration.between(committed, now)));
            } catch (ExecutionException e) {
                if (!DeadLetters.refusedForGood(e.getCause())) {
                    // Not marked processed: the engine stops, and the batch is read again after the restart.
                    throw new IllegalStateException("Kafka refused an outbox record", e.getCause());
                }
                deadLetters.keep(records.get(i), e.getCause());
            }
        }
        for (RecordChangeEvent<SourceRecord> change : batch) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        relayed.addAndGet(sent.size());
    }

    /** When the event was written to the outbox (its {@code ce_time}), if the record says. */
    private static java.util.Optional<Instant> committedAt(SourceRecord record) {
        Header time = record.headers().lastWithName(CloudEventHeaders.TIME);
        if (time == null || time.value() == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.OffsetDateTime.parse(time.value().toString()).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static void closeQuietly(DebeziumEngine<?> engine) {
        try {
            engine.close();
        } catch (IOException | IllegalStateException alreadyClosed) {
            // stopping an engine that already stopped (for example after a failure) is fine
        }
    }
}
