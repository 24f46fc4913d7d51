package studio.common.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import studio.common.events.CloudEventHeaders;

/**
 * The outbox events Kafka refused for good, kept whole in {@code outbox_dead_letter} for an
 * operator, counted in {@code studio_outbox_dead_lettered_total} (an alert fires on it) and logged.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final RelayConnections connections;
    private final Counter deadLettered;

    public DeadLetters(RelayConnections connections, MeterRegistry registry) {
        this.connections = connections;
        this.deadLettered = Counter.builder("studio.outbox.dead.lettered")
                .description("Outbox events Kafka refused for good, kept in outbox_dead_letter").register(registry);
    }

    /** How many events this replica has dead-lettered since it started. */
    long count() {
        return (long) deadLettered.count();
    }

    /** A refusal of this one record that no retry can mend (as opposed to a broker that is away). */
    static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                || cause instanceof InvalidTopicException || cause instanceof SerializationException;
    }

    /**
     * Keeps a refused record in {@code outbox_dead_letter} (whole, for an operator to inspect and
     * send again), counts and logs it. If it cannot be kept, the relay stops and retries rather
     * than lose it.
     */
    void keep(SourceRecord record, Throwable cause) {
        String payload = record.value().toString();
        String eventId = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        try (Connection connection = connections.database();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_dead_letter"
                        + " (id, topic, aggregate_id, type, payload_bytes, payload, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING")) {
            insert.setObject(1, eventId == null ? UUID.randomUUID() : UUID.fromString(eventId));
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

    /** A kept record, as an operator lists it (the payload only by itself: it may be large). */
    public record Kept(UUID id, String topic, String aggregateId, String type, int payloadBytes, String reason,
            java.time.Instant deadLetteredAt) {
    }

    /** How many records are kept, and the newest {@code limit} of them. */
    public java.util.Map.Entry<Long, java.util.List<Kept>> newest(int limit) {
        try (Connection connection = connections.database();
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox_dead_letter");
                PreparedStatement rows = connection.prepareStatement("SELECT id, topic, aggregate_id, type, payload_bytes, reason,"
                        + " dead_lettered_at FROM outbox_dead_letter ORDER BY dead_lettered_at DESC LIMIT ?")) {
            long total;
            try (var result = count.executeQuery()) {
                result.next();
                total = result.getLong(1);
            }
            rows.setInt(1, limit);
            java.util.List<Kept> kept = new java.util.ArrayList<>();
            try (var result = rows.executeQuery()) {
                while (result.next()) {
                    kept.add(new Kept(result.getObject(1, UUID.class), result.getString(2), result.getString(3), result.getString(4),
                            result.getInt(5), result.getString(6), result.getTimestamp(7).toInstant()));
                }
            }
            return java.util.Map.entry(total, kept);
        } catch (SQLException e) {
            throw new IllegalStateException("the dead letters could not be read", e);
        }
    }

    /**
     * Sends a kept record again: back into the outbox with its event id (consumers that saw it once
     * recognise it), in one transaction with its removal from the dead letters; the relay takes it
     * as any new event. False when there is no such record.
     */
    public boolean replay(UUID id, String source) {
        try (Connection connection = connections.database()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_event"
                    + " (id, aggregate_type, aggregate_id, type, source, occurred_at, payload)"
                    + " SELECT id, topic, coalesce(aggregate_id, ''), coalesce(type, ''), ?, now(), payload FROM outbox_dead_letter WHERE id = ?");
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_dead_letter WHERE id = ?")) {
                insert.setString(1, source);
                insert.setObject(2, id);
                if (insert.executeUpdate() == 0) {
                    connection.rollback();
                    return false;
                }
                delete.setObject(1, id);
                delete.executeUpdate();
                connection.commit();
                LOG.infof("Outbox event %s sent again from the dead letters by an operator", id);
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the dead letter could not be sent again", e);
        }
    }

    private static String header(SourceRecord record, String key) {
        Header header = record.headers().lastWithName(key);
        return header == null || header.value() == null ? null : header.value().toString();
    }
}
