package studio.batch.service;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.common.json.Canonical;

/**
 * The image cache: a request identical to one the vendor made before (the same model, normalised
 * prompt and parameters) reuses that image instead of paying for it again. It never crosses vendors.
 */
@ApplicationScoped
public class ImageCache {

    /** One of the vendor's completed images that a new identical request can reuse. */
    record CachedImage(UUID itemId, String imageKey, String thumbnailKey) {
    }

    /** The offline renderer's name on results: its images are stand-ins, never reused as real ones. */
    static final String PLACEHOLDER = "placeholder";

    /**
     * The vendor's latest completed, generated (not itself reused, nor an offline placeholder) image
     * for each of these cache keys. Images are the vendor's own: the cache never crosses vendors.
     */
    Uni<Map<String, CachedImage>> earlier(UUID vendorId, String[] cacheKeys) {
        String[] distinct = Arrays.stream(cacheKeys).distinct().toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT DISTINCT ON (cache_key) cache_key, cast(q.id AS text), image_key, thumbnail_key FROM generation_items q"
                        + " WHERE q.vendor_id = ?1 AND cache_key = ANY(cast(?2 AS text[])) AND q.status = 'completed' AND cached_from IS NULL"
                        + " AND image_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cost_ledger l WHERE l.item_id = q.id"
                        + " AND l.provider = '" + PLACEHOLDER + "') ORDER BY cache_key, processed_at DESC", Object[].class)
                .setParameter(1, vendorId).setParameter(2, distinct).getResultList())
                .map(rows -> {
                    Map<String, CachedImage> found = new HashMap<>();
                    for (Object[] row : rows) {
                        found.put((String) row[0], new CachedImage(UUID.fromString((String) row[1]), (String) row[2], (String) row[3]));
                    }
                    return found;
                });
    }

    /**
     * The cache key of one image request: SHA-256 of the model, the normalised prompt (Unicode NFC,
     * white space collapsed, lower case) and the parameters in canonical JSON (a seed among them).
     */
    static String cacheKey(String model, String prompt, Map<String, Object> parameters) {
        String normalised = Normalizer.normalize(prompt, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return Canonical.sha256(model.getBytes(StandardCharsets.UTF_8), normalised.getBytes(StandardCharsets.UTF_8),
                Canonical.bytes(parameters == null ? Map.of() : parameters));
    }
}
