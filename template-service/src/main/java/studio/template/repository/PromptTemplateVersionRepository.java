package studio.template.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PromptTemplateVersionRepository implements PanacheRepositoryBase<PromptTemplateVersion, PromptTemplateVersion.Key> {
}
