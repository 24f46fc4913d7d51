package studio.style.service;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.StyleEvent;
import studio.common.outbox.Outbox;
import studio.common.tenancy.Caller;
import studio.style.repository.StylePreset;
import studio.style.repository.StylePresetRepository;

/**
 * The style library: the platform's public styles (written by admins only) and each vendor's own,
 * and mixes saved as styles ({@link StyleComposition} composes them into prompts). Every change is
 * announced through the outbox.
 */
@ApplicationScoped
public class StyleService {

    private static final String ONLY_ADMINS = "Public styles are written by the platform's admins only.";

    private final StylePresetRepository styles;
    private final Outbox outbox;
    private final StyleComposition composition;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public StyleService(StylePresetRepository styles, Outbox outbox, StyleComposition composition) {
        this.styles = styles;
        this.outbox = outbox;
        this.composition = composition;
    }

    /** The fields a vendor sets on a style. */
    public record StyleDraft(String name, String description, String basePromptSuffix, String negativePrompt,
            Map<String, Object> parameters, List<String> exampleImages, boolean isPublic) {
    }

    /** A mix to keep as a custom style of the vendor's. */
    public record MixDraft(String name, String description, List<StyleComposition.MixPart> mix, String negativePrompt,
            Map<String, Object> parameters) {
    }

    @WithTransaction
    public Uni<StylePreset> create(Caller caller, StyleDraft draft) {
        check(draft);
        if (draft.isPublic() && !caller.admin()) {
            return Uni.createFrom().failure(ProblemException.forbidden("admin-only", ONLY_ADMINS));
        }
        StylePreset style = new StylePreset();
        style.id = UUID.randomUUID();
        style.vendorId = draft.isPublic() ? null : caller.vendorId();
        style.isPublic = draft.isPublic();
        style.createdAt = Instant.now();
        apply(style, draft);
        return styles.persist(style).call(saved -> outbox.publish(new StyleEvent.Created(saved.id, saved.vendorId, saved.name)));
    }

    @WithTransaction
    public Uni<StylePreset> update(Caller caller, UUID id, StyleDraft draft) {
        check(draft);
        return writable(caller, id).chain(style -> {
            if (draft.isPublic() != style.isPublic) {
                return Uni.createFrom().failure(ProblemException.invalid("A style cannot change between public and private.",
                        List.of(Problem.FieldError.of("isPublic", "create a new style instead"))));
            }
            apply(style, draft);
            return outbox.publish(new StyleEvent.Updated(style.id, style.vendorId, style.name)).replaceWith(style);
        });
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return writable(caller, id).chain(style -> styles.delete(style)
                .chain(() -> outbox.publish(new StyleEvent.Deleted(style.id, style.vendorId))).replaceWithVoid());
    }

    /** A style the vendor may use: public or its own; else 404. */
    @WithSession
    public Uni<StylePreset> get(UUID vendorId, UUID styleId) {
        return styles.usable(vendorId, styleId).onItem().ifNull().failWith(() -> ProblemException.notFound("Style preset", styleId));
    }

    /** Saves a mix as a custom style of the caller's: its text is the blend for the default model. */
    @WithTransaction
    public Uni<StylePreset> saveMix(Caller caller, MixDraft draft) {
        List<Problem.FieldError> problems = new ArrayList<>(StyleComposition.checkMix(draft.mix()));
        problems.addAll(catalog.check("parameters", draft.parameters() == null ? Map.of() : draft.parameters()));
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(problems.size() + " problem(s) in the mix.", problems));
        }
        return composition.blend(caller.vendorId(), draft.mix()).chain(blend -> {
            StylePreset style = new StylePreset();
            style.id = UUID.randomUUID();
            style.vendorId = caller.vendorId();
            style.isPublic = false;
            style.createdAt = Instant.now();
            apply(style, new StyleDraft(draft.name(), draft.description(), blend, draft.negativePrompt(), draft.parameters(),
                    List.of(), false));
            List<Map<String, Object>> components = draft.mix().stream()
                    .map(p -> Map.<String, Object>of("styleId", p.styleId().toString(), "weight", p.weight())).toList();
            style.mix = new HashMap<>(Map.of("components", components));
            return styles.persist(style).call(saved -> outbox.publish(new StyleEvent.Created(saved.id, saved.vendorId, saved.name)));
        });
    }

    @WithSession
    public Uni<Page<StylePreset>> listUsable(UUID vendorId, PageRequest page) {
        return styles.listUsable(vendorId, page);
    }

    @WithSession
    public Uni<Page<StylePreset>> listPublic(PageRequest page) {
        return styles.listPublic(page);
    }

    /** The caller's own style, or a public one for an admin; a public one for anybody else is 403. */
    Uni<StylePreset> writable(Caller caller, UUID id) {
        return get(caller.vendorId(), id).map(style -> caller.mayChange(style, style.isPublic, style.vendorId, "Style preset", id,
                ONLY_ADMINS));
    }

    private static void apply(StylePreset style, StyleDraft draft) {
        style.name = draft.name().strip();
        style.description = draft.description();
        style.basePromptSuffix = draft.basePromptSuffix();
        style.negativePrompt = draft.negativePrompt();
        style.parameters = draft.parameters() == null ? new HashMap<>() : new HashMap<>(draft.parameters());
        style.exampleImages = draft.exampleImages() == null ? List.of() : List.copyOf(draft.exampleImages());
        style.updatedAt = Instant.now();
    }

    /** Default parameters must suit the model catalog; example images must be http(s) URLs. */
    private void check(StyleDraft draft) {
        List<Problem.FieldError> problems = new ArrayList<>(catalog.check("parameters",
                draft.parameters() == null ? Map.of() : draft.parameters()));
        List<String> images = draft.exampleImages() == null ? List.of() : draft.exampleImages();
        for (int i = 0; i < images.size(); i++) {
            try {
                URI uri = URI.create(images.get(i));
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    problems.add(Problem.FieldError.of("exampleImages[" + i + "]", "must be an absolute http or https URL"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(Problem.FieldError.of("exampleImages[" + i + "]", "is not a URL"));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.size() + " problem(s) in the style.", problems);
        }
    }

}
