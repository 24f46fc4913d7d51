package studio.style.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.style.repository.StylePreset;
import studio.style.repository.StylePresetRepository;

/**
 * Composing a style or a mix of 2 to 4 styles and tuning into prompts for the target model: the
 * styles a request names checked for the vendor, saved mixes expanded, the text written by
 * {@link TuningComposer}, the mix's conflicts found by {@link StyleConflicts}.
 */
@ApplicationScoped
public class StyleComposition {

    private final StylePresetRepository styles;
    private final ModelCatalog catalog = ModelCatalog.builtIn();
    private final TuningComposer composer = new TuningComposer(catalog);

    public StyleComposition(StylePresetRepository styles) {
        this.styles = styles;
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

    /** A mix's text as a saved style keeps it: the blend of its styles for the default model, no tuning. */
    Uni<String> blend(UUID vendorId, List<MixPart> mix) {
        return shares(vendorId, null, mix).map(shares -> composer.compose(List.of(""), shares, Tuning.NONE, Map.of()).prompts().get(0));
    }

    static List<Problem.FieldError> checkMix(List<MixPart> mix) {
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
            return styles.usable(vendorId, styleId).onItem().ifNull().failWith(() -> ProblemException.invalid(
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
}
