package studio.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.common.error.ProblemException;
import studio.common.events.StudioEvent;
import studio.common.persistence.NativeSql;

/**
 * Writes events to the outbox table. Call it inside the business method's
 * {@code @WithTransaction}: the event then commits or rolls back with the change it announces.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final String source;
    private final int maxEventBytes;

    public Outbox(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String source, OutboxRelayConfig config) {
        this.json = json;
        this.source = source;
        this.maxEventBytes = config.maxEventBytes();
    }

    /**
     * Adds the event to the current transaction; returns its event id. An event over
     * {@code studio.outbox.max-event-bytes} fails the transaction with a 413 problem: Kafka would
     * refuse it, and no change may be stored without its event.
     */
    public Uni<UUID> publish(StudioEvent event) {
        return Uni.createFrom().item(() -> toRow(event)).chain(row -> insert(List.of(row)).replaceWith(row.id));
    }

    /**
     * Adds many events to the current transaction, in the given order, with one statement however
     * many there are (a 10,000-row batch writes 10,000 jobs).
     */
    public Uni<Void> publishAll(List<? extends StudioEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> events.stream().map(this::toRow).toList()).chain(this::insert);
    }

    private Uni<Void> insert(List<OutboxEvent> rows) {
        return NativeSql.update(INSERT.replace('$', '?'), columns(rows)).replaceWithVoid();
    }

    /**
     * Adds rows made by {@link #prepare} or {@link #row} through a reactive SQL client (a connection in
     * a transaction of the caller's), for work that runs outside Hibernate's sessions.
     */
    public Uni<Void> insert(io.vertx.mutiny.sqlclient.SqlClient client, List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(INSERT).execute(io.vertx.mutiny.sqlclient.Tuple.from(columns(rows))).replaceWithVoid();
    }

    // WITH ORDINALITY and ORDER BY keep the rows in the events' order, which the relay publishes in
    private static final String INSERT = "INSERT INTO outbox_event (id, aggregate_type, aggregate_id, type, source, occurred_at, payload)"
            + " SELECT e.id, e.aggregate_type, e.aggregate_id, e.type, $5, clock_timestamp(), e.payload"
            + " FROM unnest(cast($1 AS uuid[]), cast($2 AS text[]), cast($3 AS text[]), cast($4 AS text[]), cast($6 AS text[]))"
            + " WITH ORDINALITY AS e(id, aggregate_type, aggregate_id, type, payload, position) ORDER BY e.position";

    /** The statement's parameters: the rows column by column, then the source. */
    private Object[] columns(List<OutboxEvent> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] aggregateTypes = new String[n];
        String[] aggregateIds = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxEvent row = rows.get(i);
            ids[i] = row.id;
            aggregateTypes[i] = row.aggregateType;
            aggregateIds[i] = row.aggregateId;
            types[i] = row.type;
            payloads[i] = row.payload;
        }
        return new Object[] { ids, aggregateTypes, aggregateIds, types, source, payloads };
    }

    /** An event as its outbox row, checked against {@code studio.outbox.max-event-bytes} (see {@link #publish}); not yet written. */
    public OutboxEvent prepare(StudioEvent event) {
        return toRow(event);
    }

    /** A row for an event already written as JSON (by {@link #prepare}, kept aside), with a new event id. */
    public OutboxEvent row(String topic, String aggregateId, String type, String payload) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateType = topic;
        row.aggregateId = aggregateId;
        row.type = type;
        row.source = source;
        row.occurredAt = Instant.now();
        row.payload = payload;
        return row;
    }

    private OutboxEvent toRow(StudioEvent event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + event.type(), e);
        }
        OutboxEvent row = row(event.topic(), event.aggregateId(), event.type(), payload);
        int bytes = row.payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw new ProblemException(413, "event-too-large", "Request too large",
                    "This change would be announced by a " + event.type() + " event of " + bytes + " bytes; events are limited to "
                            + maxEventBytes + " bytes. Send less text (shorter prompts, fewer or shorter values).", null);
        }
        return row;
    }
}
