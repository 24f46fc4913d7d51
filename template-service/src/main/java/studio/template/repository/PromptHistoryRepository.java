package studio.template.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PromptHistoryRepository implements PanacheRepositoryBase<PromptHistoryEntry, UUID> {

    /** The vendor's newest stored image per template, for the library's cards (templates without one are absent). */
    public Uni<Map<UUID, String>> latestImages(UUID vendorId, List<UUID> templateIds) {
        if (templateIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(session -> session.<Object[]>createNativeQuery(
                "SELECT DISTINCT ON (template_id) template_id, image_key FROM prompt_history"
                        + " WHERE vendor_id = ?1 AND template_id = ANY(?2) AND status = 'completed' AND image_key IS NOT NULL"
                        + " ORDER BY template_id, finished_at DESC NULLS LAST", Object[].class)
                .setParameter(1, vendorId).setParameter(2, templateIds.toArray(UUID[]::new)).getResultList())
                .map(rows -> {
                    Map<UUID, String> latest = new HashMap<>();
                    rows.forEach(row -> latest.put((UUID) row[0], (String) row[1]));
                    return latest;
                });
    }
}
