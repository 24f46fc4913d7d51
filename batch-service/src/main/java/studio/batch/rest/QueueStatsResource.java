package studio.batch.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import studio.batch.service.QueueStats;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/queue/stats}: the figures of the seed's QueueStats panel, for the caller's vendor. */
@Path("/api/vendor/media/queue/stats")
public class QueueStatsResource {

    private final QueueStats stats;
    private final CurrentVendor vendor;

    public QueueStatsResource(QueueStats stats, CurrentVendor vendor) {
        this.stats = stats;
        this.vendor = vendor;
    }

    @GET
    public Uni<QueueStats.Figures> get() {
        return stats.of(vendor.id());
    }
}
