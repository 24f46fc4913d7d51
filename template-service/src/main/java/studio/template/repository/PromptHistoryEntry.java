package studio.template.repository;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One generated prompt and its outcome. */
@Entity
@Table(name = "prompt_history")
public class PromptHistoryEntry {

    @Id
    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "vendor_id", nullable = false)
    public UUID vendorId;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(name = "template_id")
    public UUID templateId;

    @Column(name = "template_version")
    public Integer templateVersion;

    public String prompt;

    public String model;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;

    @Column(nullable = false)
    public int attempts;

    /** pending, completed or failed. */
    @Column(nullable = false)
    public String status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "image_key")
    public String imageKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
