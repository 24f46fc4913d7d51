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
}
