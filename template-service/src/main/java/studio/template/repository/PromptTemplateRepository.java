package studio.template.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.persistence.Pages;

@ApplicationScoped
public class PromptTemplateRepository implements PanacheRepositoryBase<PromptTemplate, UUID> {

    /** The vendor's own templates, newest first. */
    public Uni<Page<PromptTemplate>> listForVendor(UUID vendorId, PageRequest request) {
        return Pages.of(find("vendorId", Sort.descending("createdAt").and("id"), vendorId), request);
    }

    /** A template the vendor may read: its own or a public one. */
    public Uni<PromptTemplate> findReadable(UUID id, UUID vendorId) {
        return find("id = ?1 and (vendorId = ?2 or isPublic = true)", id, vendorId).firstResult();
    }
}
