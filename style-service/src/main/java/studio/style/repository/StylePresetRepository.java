package studio.style.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.Pages;

@ApplicationScoped
public class StylePresetRepository implements PanacheRepositoryBase<StylePreset, UUID> {

    /** A style the vendor may use (public or its own), or null. */
    public Uni<StylePreset> usable(UUID vendorId, UUID styleId) {
        return find("id = ?1 and (isPublic = true or vendorId = ?2)", styleId, vendorId).firstResult();
    }

    public Uni<Page<StylePreset>> listPublic(PageRequest request) {
        return Pages.of(find("isPublic = true", Sort.by("name").and("id")), request);
    }

    /** The styles a vendor can use: the public ones and its own, public first, then by name. */
    public Uni<Page<StylePreset>> listUsable(UUID vendorId, PageRequest request) {
        return Pages.of(find("isPublic = true or vendorId = ?1", Sort.descending("isPublic").and("name").and("id"), vendorId),
                request);
    }
}
