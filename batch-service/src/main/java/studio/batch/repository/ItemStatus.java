package studio.batch.repository;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

import studio.common.api.WireNames;

/** Where an item (one image of a batch) stands; stored, sent and answered by its wire name ({@code completed}). */
@Schema(enumeration = { "pending", "processing", "completed", "failed", "cancelled" })
public enum ItemStatus {
    PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED;

    /** Whether the item has ended: nothing will change it any more but a retry. */
    public boolean ended() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** The column holds the wire name. */
    @jakarta.persistence.Converter
    public static class Column extends StatusColumn<ItemStatus> {
        public Column() {
            super(ItemStatus.class);
        }
    }
}
