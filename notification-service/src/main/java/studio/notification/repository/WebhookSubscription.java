package studio.notification.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A vendor's webhook subscription. */
@Entity
@Table(name = "webhook_subscriptions")
public class WebhookSubscription {

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public UUID vendorId;

    @Column(nullable = false)
    public String url;

    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types")
    public List<String> eventTypes;

    /** The signing secret; never leaves the service after creation. */
    @Column(nullable = false)
    public String secret;

    /** The secret before the last rotation: it signs too until {@link #previousSecretExpiresAt}. */
    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    @Column(nullable = false)
    public boolean enabled;

    /** Why the platform disabled it (410 Gone, failing for days); null when the vendor did, or it is enabled. */
    @Column(name = "disabled_reason")
    public String disabledReason;

    /** Since when every attempt has failed; null after a success. */
    @Column(name = "failing_since")
    public Instant failingSince;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
