package studio.batch.repository;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonValue;

import studio.common.api.WireNames;

/** Where a batch stands; stored and answered by its wire name ({@code processing}). */
@Schema(enumeration = { "pending", "scheduled", "processing", "completed", "failed", "cancelled" })
public enum BatchStatus {
    PENDING, SCHEDULED, PROCESSING, COMPLETED, FAILED, CANCELLED;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** The column holds the wire name. */
    @jakarta.persistence.Converter
    public static class Column extends StatusColumn<BatchStatus> {
        public Column() {
            super(BatchStatus.class);
        }
    }
}
