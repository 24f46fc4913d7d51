package studio.style.repository;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One preview image of a style, produced by a preview batch. */
@Entity
@Table(name = "style_preview_images")
public class StylePreviewImage {

    @Id
    @Column(name = "item_id")
    public UUID itemId;

    @Column(name = "style_id", nullable = false)
    public UUID styleId;

    @Column(name = "batch_id", nullable = false)
    public UUID batchId;

    @Column(name = "image_key", nullable = false)
    public String imageKey;

    @Column(name = "thumbnail_key", nullable = false)
    public String thumbnailKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
