package studio.common.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One event waiting to be relayed to Kafka, written in the same transaction as the change it
 * announces. The relay reads inserts from the write-ahead log, never this table; rows stay as an
 * audit trail.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The topic the event goes to. */
    @Column(name = "aggregate_type", nullable = false)
    public String aggregateType;

    /** The record key: the id of the aggregate the event is about. */
    @Column(name = "aggregate_id", nullable = false)
    public String aggregateId;

    /** The CloudEvents type, for example {@code template.created}. */
    @Column(nullable = false)
    public String type;

    /** The CloudEvents source: the service that wrote the event. */
    @Column(nullable = false)
    public String source;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The event as JSON. */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;
}
