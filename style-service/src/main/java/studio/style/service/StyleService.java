package studio.style.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.style.repository.StylePreset;
import studio.style.repository.StylePresetRepository;

/** The style library's business methods. */
@ApplicationScoped
public class StyleService {

    private final StylePresetRepository styles;

    public StyleService(StylePresetRepository styles) {
        this.styles = styles;
    }

    @WithSession
    public Uni<Page<StylePreset>> listUsable(UUID vendorId, PageRequest page) {
        return styles.listUsable(vendorId, page);
    }
}
