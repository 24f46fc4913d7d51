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

/** One image of a batch, an "item" in the API (the seed's {@code generation_queue}). */
@Entity
@Table(name = "generation_items")
public class GenerationItem {

    @Id
    public UUID id;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(name = "vendor_id", nullable = false)
    public UUID vendorId;

    @Column(name = "row_index", nullable = false)
    public int rowIndex;

    @Column(nullable = false)
    public String prompt;

    /** What the image is about (the row's product name), for its file name; null when unknown. */
    public String name;

    @Column(nullable = false)
    @jakarta.persistence.Convert(converter = ItemStatus.Column.class)

    public ItemStatus status;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "result_url")
    public String resultUrl;

    @Column(name = "image_key")
    public String imageKey;

    @Column(name = "thumbnail_key")
    public String thumbnailKey;

    @Column(name = "error_message")
    public String errorMessage;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;

    /** The catalog's estimate of this item, fixed when its batch was accepted. */
    @Column(name = "estimated_cost_usd", nullable = false)
    public BigDecimal estimatedCostUsd;

    /** What this item's attempts have cost so far; only the ledger adds to it (never written from here). */
    @Column(name = "cost_usd", insertable = false, updatable = false)
    public BigDecimal costUsd;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    /** The last sign of life of the open item (its job sent, or a worker retrying it); null: since it was created. */
    @Column(name = "progress_at")
    public Instant progressAt;

    /** The lane its job goes through (its batch's priority's wire name), written with the item. */
    @Column(nullable = false, updatable = false)
    public String lane;

    /**
     * When its job was released to the lane's topic; null while it waits its turn in the fair queue (or
     * its batch is scheduled). Only the queue writes it (in SQL), so no flush of a stale copy undoes it.
     */
    @Column(name = "released_at", insertable = false, updatable = false)
    public Instant releasedAt;

    /** How long the worker took for its image, from its start to the stored image; null until completed. */
    @Column(name = "duration_ms")
    public Integer durationMs;

    /** SHA-256 of the normalised prompt, model and parameters: identical requests share it. */
    @Column(name = "cache_key")
    public String cacheKey;

    /** The earlier image this one reuses (a cache hit: no call, no cost); null for a generated image. */
    @Column(name = "cached_from")
    public UUID cachedFrom;

    /** The earlier image of the same request that the vendor asked to generate afresh; null otherwise. */
    @Column(name = "regeneration_of")
    public UUID regenerationOf;

    /** What a cache hit saved: the estimate of the call it did not make. */
    @Column(name = "saved_usd", nullable = false)
    public BigDecimal savedUsd = BigDecimal.ZERO;

    /** The vendor's rating, 1 to 5; null until rated. */
    public Integer rating;

    @Column(name = "rated_at")
    public Instant ratedAt;

    /** The product this image is for; null when none is known. */
    @Column(name = "product_id")
    public UUID productId;

    /** How the product was found: {@code product} (a product batch) or {@code prompt} (the prompt names it). */
    @Column(name = "product_match")
    public String productMatch;

    public boolean isFinished() {
        return status != null && status.ended();
    }
}
