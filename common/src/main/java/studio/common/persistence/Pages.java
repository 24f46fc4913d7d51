package studio.common.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;

/** Runs a Panache query as one page plus its total. */
public final class Pages {

    private Pages() {
    }

    public static <T> Uni<Page<T>> of(PanacheQuery<T> query, PageRequest request) {
        PanacheQuery<T> paged = query.page(io.quarkus.panache.common.Page.of(request.page(), request.size()));
        return paged.list().flatMap(items -> paged.count()
                .map(total -> new Page<>(items, total, request.page(), request.size())));
    }
}
