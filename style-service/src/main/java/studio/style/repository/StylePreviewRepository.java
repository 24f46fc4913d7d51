package studio.style.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.persistence.NativeSql;

/** Preview batches (native SQL, for their two-step life) and preview images. */
@ApplicationScoped
public class StylePreviewRepository implements PanacheRepositoryBase<StylePreviewImage, UUID> {

    /** Records a request before batch-service is called. */
    public Uni<Integer> recordRequest(UUID requestId, UUID styleId, UUID vendorId, int images) {
        return NativeSql.update("INSERT INTO style_preview_batches (id, style_id, vendor_id, images) VALUES (?1, ?2, ?3, ?4)",
                requestId, styleId, vendorId, images);
    }

    public Uni<Integer> attachBatch(UUID requestId, UUID batchId) {
        return NativeSql.update("UPDATE style_preview_batches SET batch_id = ?2 WHERE id = ?1", requestId, batchId);
    }

    public Uni<Integer> forgetRequest(UUID requestId) {
        return NativeSql.update("DELETE FROM style_preview_batches WHERE id = ?1", requestId);
    }

    /**
     * Keeps the finished images of preview batches among many results at once (each once); returns
     * the items kept now. Results of other batches join no preview batch and are left out.
     */
    public Uni<List<UUID>> keepImages(UUID[] items, UUID[] batches, String[] images, String[] thumbnails) {
        return getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO style_preview_images (item_id, style_id, batch_id, image_key, thumbnail_key)"
                        + " SELECT r.item_id, b.style_id, b.batch_id, r.image_key, r.thumbnail_key"
                        + " FROM unnest(cast(?1 AS uuid[]), cast(?2 AS uuid[]), cast(?3 AS text[]), cast(?4 AS text[]))"
                        + " AS r(item_id, batch_id, image_key, thumbnail_key)"
                        + " JOIN style_preview_batches b ON b.batch_id = r.batch_id"
                        + " ON CONFLICT (item_id) DO NOTHING RETURNING item_id", UUID.class)
                .setParameter(1, items).setParameter(2, batches).setParameter(3, images).setParameter(4, thumbnails).getResultList());
    }

    /** Of these items, those that have a preview image already. */
    public Uni<List<UUID>> withImages(Collection<UUID> items) {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT item_id FROM style_preview_images WHERE item_id = ANY(cast(?1 AS uuid[]))", UUID.class)
                .setParameter(1, items.toArray(UUID[]::new)).getResultList());
    }

    /** Whether a request is still waiting for batch-service's answer (recent and without a batch id). */
    public Uni<Boolean> anyRequestInFlight() {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FROM style_preview_batches WHERE batch_id IS NULL AND requested_at > now() - interval '2 minutes'",
                Long.class).getSingleResult()).map(count -> count > 0);
    }

    /** Public styles that have neither a preview nor a preview request. */
    public Uni<List<UUID>> publicStylesWithoutPreviews() {
        return getSession().chain(session -> session.createNativeQuery("SELECT s.id FROM style_presets s WHERE s.is_public"
                + " AND NOT EXISTS (SELECT 1 FROM style_preview_batches b WHERE b.style_id = s.id) ORDER BY s.name, s.id",
                UUID.class).getResultList());
    }

    public Uni<Boolean> hasImage(UUID itemId) {
        return count("itemId", itemId).map(count -> count > 0);
    }

    /** The newest previews of each style, at most {@code perStyle} each. */
    public Uni<List<StylePreviewImage>> newest(Collection<UUID> styleIds, int perStyle) {
        if (styleIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("styleId in ?1", Sort.descending("createdAt").and("itemId"), styleIds)
                .map(all -> {
                    java.util.Map<UUID, Integer> taken = new java.util.HashMap<>();
                    return all.stream().filter(p -> taken.merge(p.styleId, 1, Integer::sum) <= perStyle).toList();
                });
    }
}
