package studio.template.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import studio.template.service.TemplateVariables;

/** A prompt template (the seed's {@code prompt_templates}). */
@Entity
@Table(name = "prompt_templates")
public class PromptTemplate {

    @Id
    public UUID id;

    @Column(name = "vendor_id")
    public UUID vendorId;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "prompt_text", nullable = false)
    public String promptText;

    public String category;

    public String style;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;

    @Column(name = "is_public", nullable = false)
    public boolean isPublic;

    @Column(name = "usage_count", nullable = false)
    public int usageCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Declared variables (standard ones need no declaration). */
    @JdbcTypeCode(SqlTypes.JSON)
    public TemplateVariables variables;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    /** The template this one was forked from, if any. */
    @Column(name = "forked_from")
    public UUID forkedFrom;

    /** Set when deleted: the template disappears, its versions stay for the batches that used them. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "images_attempted", nullable = false)
    public int imagesAttempted;

    @Column(name = "images_succeeded", nullable = false)
    public int imagesSucceeded;

    @Column(name = "images_failed", nullable = false)
    public int imagesFailed;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    /** In the marketplace: null (not published), {@code listed}, or {@code hidden} by an admin. */
    @Column(name = "marketplace_status")
    public String marketplaceStatus;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "hidden_reason")
    public String hiddenReason;
}
