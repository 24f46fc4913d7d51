package studio.batch.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import studio.common.events.BatchEvent;

/** A batch of generations (the seed's {@code generation_batches}). */
@Entity
@Table(name = "generation_batches")
public class GenerationBatch {

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public UUID vendorId;

    @Column(name = "template_id")
    public UUID templateId;

    public String name;

    @Column(nullable = false)
    @jakarta.persistence.Convert(converter = BatchStatus.Column.class)
    public BatchStatus status;

    @Column(name = "total_images", nullable = false)
    public int totalImages;

    @Column(name = "completed_images", nullable = false)
    public int completedImages;

    @Column(name = "failed_images", nullable = false)
    public int failedImages;

    @Column(name = "cancelled_images", nullable = false)
    public int cancelledImages;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> config;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** When a scheduled batch is (or was) released; null for a batch that started at once. */
    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    /** The catalog's estimate of every item, fixed when the batch was accepted. */
    @Column(name = "estimated_cost_usd", nullable = false)
    public BigDecimal estimatedCostUsd = BigDecimal.ZERO;

    /** What the batch's attempts have cost so far; only the ledger adds to it (never written from here). */
    @Column(name = "cost_usd", insertable = false, updatable = false)
    public BigDecimal costUsd;

    /** The client's {@code Idempotency-Key}, unique per vendor; null without one. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the request that created the batch, to tell a retry from another request with the same key. */
    @Column(name = "request_hash")
    public String requestHash;

    /** The counters events carry. */
    public BatchEvent.Counters counters() {
        return new BatchEvent.Counters(totalImages, completedImages, failedImages, cancelledImages);
    }
}
