package studio.common.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.common.events.StudioEvent;

/**
 * Writes events to the outbox table. Call it inside the business method's
 * {@code @WithTransaction}: the event then commits or rolls back with the change it announces.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final String source;

    public Outbox(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String source) {
        this.json = json;
        this.source = source;
    }

    /** Adds the event to the current transaction; returns its event id. */
    public Uni<UUID> publish(StudioEvent event) {
        OutboxEvent row = toRow(event);
        return row.persist().replaceWith(row.id);
    }

    /** Adds many events to the current transaction in one flush, in the given order. */
    public Uni<Void> publishAll(List<? extends StudioEvent> events) {
        Object[] rows = events.stream().map(this::toRow).toArray();
        return Panache.getSession().chain(session -> session.persistAll(rows));
    }

    private OutboxEvent toRow(StudioEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateType = event.topic();
        row.aggregateId = event.aggregateId();
        row.type = event.type();
        row.source = source;
        row.occurredAt = Instant.now();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + event.type(), e);
        }
        return row;
    }
}
