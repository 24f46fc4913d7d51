package studio.common.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A native SQL statement in the current session (for upserts that HQL cannot say), with positional parameters. */
public final class NativeSql {

    private NativeSql() {
    }

    /** Runs {@code sql} with {@code ?1, ?2, ...} bound in order; returns the number of rows changed. */
    public static Uni<Integer> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    /**
     * Takes a PostgreSQL advisory lock on {@code key} until the current transaction ends, so that
     * transactions about the same thing that read each other's writes run one after the other
     * instead of each missing the other's uncommitted rows.
     */
    public static Uni<Void> lock(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS locked", Integer.class)
                .setParameter(1, key).getSingleResult()).replaceWithVoid();
    }
}
