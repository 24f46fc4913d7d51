package studio.batch.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.NativeSql;
import studio.common.persistence.Pages;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class GenerationItemRepository implements PanacheRepositoryBase<GenerationItem, UUID> {

    /** The items of a batch in row order, optionally of one status. */
    public Uni<Page<GenerationItem>> listForBatch(UUID batchId, ItemStatus status, PageRequest request) {
        Sort order = Sort.by("rowIndex").and("id");
        return Pages.of(status == null ? find("batchId = ?1", order, batchId) : find("batchId = ?1 and status = ?2", order, batchId, status),
                request);
    }

    /** The stored image keys of a batch's completed items, in row order (what its archive holds). */
    public Uni<java.util.List<String>> imageKeys(UUID batchId) {
        return getSession().chain(session -> session.createQuery("select imageKey from GenerationItem"
                + " where batchId = ?1 and status = ?2 and imageKey is not null order by rowIndex", String.class)
                .setParameter(1, batchId).setParameter(2, ItemStatus.COMPLETED).getResultList());
    }

    /**
     * A new batch's items, column by column (index i of every array is the i-th item): up to
     * 10,000 of them go in one statement.
     */
    public record NewItems(UUID[] ids, Integer[] rowIndexes, String[] prompts, String[] estimates, String[] names, String[] statuses,
            String[] cacheKeys, String[] imageKeys, String[] thumbnailKeys, UUID[] cachedFrom, UUID[] regenerationOf, String[] saved,
            UUID[] productIds, String[] productMatches) {
    }

    /** Stores a batch's items, every one with the same job parameters (canonical JSON) and lane. */
    public Uni<Integer> insertAll(UUID batchId, UUID vendorId, String lane, String parametersJson, NewItems i) {
        return NativeSql.update("INSERT INTO generation_items (id, batch_id, vendor_id, row_index, prompt, status, attempt,"
                + " parameters, estimated_cost_usd, name, cache_key, image_key, thumbnail_key, cached_from, regeneration_of,"
                + " saved_usd, product_id, product_match, lane, created_at, processed_at)"
                + " SELECT i.id, ?2, ?3, i.row_index, i.prompt, i.status, 1, cast(cast(?6 AS text) AS jsonb), i.estimate, i.name,"
                + " i.cache_key, i.image_key, i.thumbnail_key, i.cached_from, i.regeneration_of, i.saved, i.product_id,"
                + " i.product_match, ?18, now(),"
                + " CASE WHEN i.status = 'completed' THEN now() END"
                + " FROM unnest(cast(?1 AS uuid[]), cast(?4 AS int[]), cast(?5 AS text[]), cast(cast(?7 AS text[]) AS numeric[]),"
                + " cast(?8 AS text[]), cast(?9 AS text[]), cast(?10 AS text[]), cast(?11 AS text[]), cast(?12 AS text[]),"
                + " cast(?13 AS uuid[]), cast(?14 AS uuid[]), cast(cast(?15 AS text[]) AS numeric[]), cast(?16 AS uuid[]),"
                + " cast(?17 AS text[]))"
                + " AS i(id, row_index, prompt, estimate, name, status, cache_key, image_key, thumbnail_key, cached_from,"
                + " regeneration_of, saved, product_id, product_match)",
                i.ids(), batchId, vendorId, i.rowIndexes(), i.prompts(), parametersJson, i.estimates(), i.names(), i.statuses(),
                i.cacheKeys(), i.imageKeys(), i.thumbnailKeys(), i.cachedFrom(), i.regenerationOf(), i.saved(), i.productIds(),
                i.productMatches(), lane);
    }
}
