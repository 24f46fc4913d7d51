package studio.batch.rest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.agroal.api.AgroalDataSource;
import io.vertx.core.json.JsonObject;
import studio.common.events.GenerationResult;
import studio.common.events.Topics;
import studio.devstack.testing.TopicWriter;

/** The jobs batch-service wrote to its outbox for a batch, and answers to them as a worker would give them. */
final class Jobs {

    private Jobs() {
    }

    /**
     * Every {@code generation.requested} event of the batch in the outbox (the relay keeps the rows),
     * once the fair queue has released them all (the tests' lanes have room for everything).
     */
    static List<JsonObject> of(AgroalDataSource database, String batchId) throws SQLException {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> waiting(database, batchId) == 0);
        return released(database, batchId);
    }

    /** How many of the batch's jobs wait their turn in the fair queue. */
    static int waiting(AgroalDataSource database, String batchId) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT count(*) FROM waiting_jobs WHERE batch_id = cast(? AS uuid)")) {
            query.setString(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The batch's jobs released so far, in the order they went to the outbox. */
    static List<JsonObject> released(AgroalDataSource database, String batchId) throws SQLException {
        List<JsonObject> jobs = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement query = c.prepareStatement(
                "SELECT payload FROM outbox_event WHERE type = 'generation.requested' AND cast(payload AS jsonb) ->> 'batchId' = ?"
                        + " ORDER BY occurred_at, id")) {
            query.setString(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    jobs.add(new JsonObject(rows.getString(1)));
                }
            }
        }
        return jobs;
    }

    /** Publishes a completed result for every job of the batch, each image costing {@code cost} (null: nothing). */
    static void complete(AgroalDataSource database, String batchId, BigDecimal cost) throws SQLException {
        complete(database, batchId, cost, "openai");
    }

    /** The same, as made by {@code provider} ({@code placeholder}: the offline renderer). */
    static void complete(AgroalDataSource database, String batchId, BigDecimal cost, String provider) throws SQLException {
        complete(of(database, batchId), batchId, cost, provider);
    }

    /** Publishes a completed result for each of these jobs (read before, say, while the database answers). */
    static void complete(List<JsonObject> jobs, String batchId, BigDecimal cost, String provider) {
        try (TopicWriter writer = new TopicWriter()) {
            for (JsonObject job : jobs) {
                UUID item = UUID.fromString(job.getString("itemId"));
                var done = new GenerationResult.Completed(item, UUID.fromString(batchId), UUID.fromString(job.getString("vendorId")), 1,
                        provider, "gpt-image-2", "images/" + item + ".png", "thumbnails/" + item + ".png", cost, 10, null,
                        cost == null ? null : "catalog");
                writer.send(Topics.GENERATION_RESULTS, item.toString(), done.type(), JsonObject.mapFrom(done).encode());
            }
        }
    }
}
