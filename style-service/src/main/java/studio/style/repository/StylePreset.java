package studio.style.repository;

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

/** A style preset (the seed's {@code style_presets}); built-ins are public and have no vendor. */
@Entity
@Table(name = "style_presets")
public class StylePreset {

    @Id
    public UUID id;

    @Column(name = "vendor_id")
    public UUID vendorId;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "base_prompt_suffix")
    public String basePromptSuffix;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "example_images")
    public List<String> exampleImages;

    @Column(name = "is_public", nullable = false)
    public boolean isPublic;

    /** What to keep out of the image; folded into the prompt for models without a negative prompt. */
    @Column(name = "negative_prompt")
    public String negativePrompt;

    /** A saved mix: {@code {"components": [{"styleId": ..., "weight": ...}]}}; null for a plain style. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> mix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
