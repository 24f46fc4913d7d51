package studio.template.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PromptHistoryRepository implements PanacheRepositoryBase<PromptHistoryEntry, UUID> {
}
