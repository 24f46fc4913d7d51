package studio.style.service;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.catalog.Model;
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
 * and composing a style into prompts. Every change is announced through the outbox.
 */
@ApplicationScoped
public class StyleService {

    private final StylePresetRepository styles;
    private final Outbox outbox;
    private final ModelCatalog catalog = ModelCatalog.builtIn();
    private final TuningComposer composer = new TuningComposer(catalog);

    public StyleService(StylePresetRepository styles, Outbox outbox) {
        this.styles = styles;
        this.outbox = outbox;
    }

    /** The fields a vendor sets on a style. */
    public record StyleDraft(String name, String description, String basePromptSuffix, String negativePrompt,
            Map<String, Object> parameters, List<String> exampleImages, boolean isPublic) {
    }

    /** One style of a mix and its share in percent. */
    public record MixPart(UUID styleId, int weight) {
    }

    /** What to compose: prompts, a style or a mix (or neither), tuning and generation parameters. */
    public record CompositionRequest(List<String> prompts, UUID styleId, List<MixPart> mix, Tuning tuning,
            Map<String, Object> parameters) {
    }

    /**
     * The exact provider request per prompt, the parameters a job carries, how every setting was
     * applied, and the conflicts among the mixed styles.
     */
    public record Composition(String model, UUID styleId, List<String> prompts, List<Map<String, Object>> requests,
            Map<String, Object> parameters, Map<String, Object> metadata, List<TuningComposer.Applied> applied,
            List<StyleConflicts.Conflict> conflicts) {
    }

    /** A mix to keep as a custom style of the vendor's. */
    public record MixDraft(String name, String description, List<MixPart> mix, String negativePrompt,
            Map<String, Object> parameters) {
    }

    @WithTransaction
    public Uni<StylePreset> create(Caller caller, StyleDraft draft) {
        check(draft);
        if (draft.isPublic() && !caller.admin()) {
            return Uni.createFrom().failure(onlyAdmins());
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
        return styles.find("id = ?1 and (isPublic = true or vendorId = ?2)", styleId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Style preset", styleId));
    }

    /**
     * Composes a style or a mix and tuning into the prompts for the target model. 400 naming the
     * field for a bad mix (fewer than 2 or more than 4 styles, weights not adding up to 100, a style
     * twice, an unknown or another vendor's style), bad parameters, or a prompt the model cannot take.
     */
    @WithSession
    public Uni<Composition> compose(UUID vendorId, CompositionRequest request) {
        Map<String, Object> parameters = request.parameters() == null ? Map.of() : request.parameters();
        List<Problem.FieldError> problems = new ArrayList<>(catalog.check("parameters", parameters));
        if (request.styleId() != null && request.mix() != null) {
            problems.add(Problem.FieldError.of("mix", "give either styleId or mix, not both"));
        }
        if (request.mix() != null) {
            problems.addAll(checkMix(request.mix()));
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(problems.size() + " problem(s) in the composition.", problems));
        }
        Tuning tuning = request.tuning() == null ? Tuning.NONE : request.tuning();
        return shares(vendorId, request.styleId(), request.mix()).map(shares -> {
            TuningComposer.Composed composed = composer.compose(request.prompts(), shares, tuning, parameters);
            Model model = catalog.modelFor(parameters);
            List<Problem.FieldError> tooLong = new ArrayList<>();
            for (int i = 0; i < composed.prompts().size(); i++) {
                int length = composed.prompts().get(i).length();
                if (length > model.maxPromptLength()) {
                    tooLong.add(Problem.FieldError.of("prompts[" + i + "]", "the composed prompt is " + length + " characters; "
                            + model.id() + " takes at most " + model.maxPromptLength()));
                }
            }
            if (!tooLong.isEmpty()) {
                throw ProblemException.invalid(tooLong.size() + " prompt(s) are too long for " + model.id() + ".", tooLong);
            }
            return new Composition(composed.model(), request.styleId(), composed.prompts(), composed.requests(),
                    composed.parameters(), composed.metadata(), composed.applied(), StyleConflicts.find(shares));
        });
    }

    /** Saves a mix as a custom style of the caller's: its text is the blend for the default model. */
    @WithTransaction
    public Uni<StylePreset> saveMix(Caller caller, MixDraft draft) {
        List<Problem.FieldError> problems = new ArrayList<>(checkMix(draft.mix()));
        problems.addAll(catalog.check("parameters", draft.parameters() == null ? Map.of() : draft.parameters()));
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(problems.size() + " problem(s) in the mix.", problems));
        }
        return shares(caller.vendorId(), null, draft.mix()).chain(shares -> {
            String blend = composer.compose(List.of(""), shares, Tuning.NONE, Map.of()).prompts().get(0);
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

    private static List<Problem.FieldError> checkMix(List<MixPart> mix) {
        List<Problem.FieldError> problems = new ArrayList<>();
        if (mix.size() < 2 || mix.size() > 4) {
            problems.add(Problem.FieldError.of("mix", "a mix has 2 to 4 styles, not " + mix.size()));
        }
        int sum = mix.stream().mapToInt(MixPart::weight).sum();
        if (sum != 100) {
            problems.add(Problem.FieldError.of("mix", "the weights add up to " + sum + "; they must add up to 100"));
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < mix.size(); i++) {
            if (!seen.add(mix.get(i).styleId())) {
                problems.add(Problem.FieldError.of("mix[" + i + "].styleId", "the style is already in the mix"));
            }
        }
        return problems;
    }

    /** The styles to compose with their shares; a saved mix expands into its components while they all exist. */
    private Uni<List<TuningComposer.StyleShare>> shares(UUID vendorId, UUID styleId, List<MixPart> mix) {
        if (styleId != null) {
            return get(vendorId, styleId).onFailure(ProblemException.class).transform(e -> ProblemException.invalid(
                    "The style does not exist.", List.of(Problem.FieldError.of("styleId", "no style " + styleId + " for this vendor"))))
                    .chain(style -> savedMix(vendorId, style));
        }
        if (mix == null) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = mix.stream().map(MixPart::styleId).toList();
        return styles.find("id in ?1 and (isPublic = true or vendorId = ?2)", ids, vendorId).list().map(found -> {
            Map<UUID, StylePreset> byId = new HashMap<>();
            found.forEach(s -> byId.put(s.id, s));
            List<Problem.FieldError> missing = new ArrayList<>();
            List<TuningComposer.StyleShare> shares = new ArrayList<>();
            for (int i = 0; i < mix.size(); i++) {
                StylePreset style = byId.get(mix.get(i).styleId());
                if (style == null) {
                    missing.add(Problem.FieldError.of("mix[" + i + "].styleId", "no style " + mix.get(i).styleId() + " for this vendor"));
                } else {
                    shares.add(share(style, mix.get(i).weight()));
                }
            }
            if (!missing.isEmpty()) {
                throw ProblemException.invalid("The mix names styles that do not exist.", missing);
            }
            return shares;
        });
    }

    @SuppressWarnings("unchecked")
    private Uni<List<TuningComposer.StyleShare>> savedMix(UUID vendorId, StylePreset style) {
        if (style.mix == null) {
            return Uni.createFrom().item(List.of(share(style, 100)));
        }
        List<MixPart> parts = ((List<Map<String, Object>>) style.mix.get("components")).stream()
                .map(c -> new MixPart(UUID.fromString(String.valueOf(c.get("styleId"))), ((Number) c.get("weight")).intValue()))
                .toList();
        return shares(vendorId, null, parts)
                .map(components -> components.stream().map(c -> c.negativePrompt() == null && style.negativePrompt != null
                        ? new TuningComposer.StyleShare(c.styleId(), c.name(), c.suffix(), style.negativePrompt, c.weight()) : c).toList())
                .onFailure(ProblemException.class).recoverWithItem(List.of(share(style, 100)));
    }

    private static TuningComposer.StyleShare share(StylePreset style, int weight) {
        String suffix = style.basePromptSuffix == null ? "" : style.basePromptSuffix;
        return new TuningComposer.StyleShare(style.id, style.name, suffix, style.negativePrompt, weight);
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
        return get(caller.vendorId(), id).map(style -> {
            if (style.isPublic && !caller.admin()) {
                throw onlyAdmins();
            }
            if (!style.isPublic && !caller.vendorId().equals(style.vendorId)) {
                throw ProblemException.notFound("Style preset", id);
            }
            return style;
        });
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

    private static ProblemException onlyAdmins() {
        return ProblemException.forbidden("admin-only", "Public styles are written by the platform's admins only.");
    }
}
