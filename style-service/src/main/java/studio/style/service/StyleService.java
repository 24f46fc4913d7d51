package studio.style.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.ProblemException;
import studio.style.repository.StylePreset;
import studio.style.repository.StylePresetRepository;

/** The style library's business methods. */
@ApplicationScoped
public class StyleService {

    private final StylePresetRepository styles;

    public StyleService(StylePresetRepository styles) {
        this.styles = styles;
    }

    /** A style the vendor may use: public or its own; else 404. */
    @WithSession
    public Uni<StylePreset> get(UUID vendorId, UUID styleId) {
        return styles.find("id = ?1 and (isPublic = true or vendorId = ?2)", styleId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Style preset", styleId));
    }

    /** The prompts with the style composed in, in the same order. */
    public record Composition(UUID styleId, String suffix, List<String> prompts) {
    }

    @WithSession
    public Uni<Composition> compose(UUID vendorId, UUID styleId, List<String> prompts) {
        return get(vendorId, styleId).map(style -> new Composition(style.id, style.basePromptSuffix,
                prompts.stream().map(p -> StyleComposer.compose(p, style.basePromptSuffix)).toList()));
    }

    @WithSession
    public Uni<Page<StylePreset>> listUsable(UUID vendorId, PageRequest page) {
        return styles.listUsable(vendorId, page);
    }
}
