package studio.style.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Flags styles in a mix that pull one aspect of the image (rendering, era, palette, mood) in
 * different directions, for example a cartoon's playful mood against luxury's elegance. The aspects
 * and the words that signal each direction are data ({@code studio/style/style-conflicts.json}), and
 * they match custom styles as well as the built-ins.
 */
public final class StyleConflicts {

    /** Two or more styles of the mix that disagree on one aspect. */
    public record Conflict(String aspect, Map<String, String> styles, String message) {
    }

    record Aspect(String aspect, Map<String, List<String>> traits) {
    }

    record Document(List<Aspect> aspects) {
    }

    private static final List<Aspect> ASPECTS = load();

    private StyleConflicts() {
    }

    /** The conflicts among the styles (name and prompt suffix), in the catalog's order of aspects. */
    public static List<Conflict> find(List<TuningComposer.StyleShare> styles) {
        List<Conflict> conflicts = new ArrayList<>();
        if (styles.size() < 2) {
            return conflicts;
        }
        for (Aspect aspect : ASPECTS) {
            Map<String, Set<String>> traitsByStyle = new LinkedHashMap<>();
            for (TuningComposer.StyleShare style : styles) {
                String text = style.suffix().toLowerCase(Locale.ROOT);
                Set<String> traits = new LinkedHashSet<>();
                aspect.traits().forEach((trait, words) -> {
                    if (words.stream().anyMatch(text::contains)) {
                        traits.add(trait);
                    }
                });
                if (!traits.isEmpty()) {
                    traitsByStyle.put(style.name(), traits);
                }
            }
            Set<String> all = new LinkedHashSet<>();
            traitsByStyle.values().forEach(all::addAll);
            // A conflict: some style leans one way and another style does not share that leaning at all.
            boolean disagree = traitsByStyle.size() > 1 && all.size() > 1
                    && traitsByStyle.values().stream().anyMatch(t -> !t.containsAll(all));
            if (disagree) {
                Map<String, String> named = new LinkedHashMap<>();
                traitsByStyle.forEach((name, traits) -> named.put(name, String.join(" and ", traits)));
                conflicts.add(new Conflict(aspect.aspect(), named, "these styles pull the " + aspect.aspect()
                        + " different ways (" + describe(named) + "); the result may look muddled"));
            }
        }
        return conflicts;
    }

    private static String describe(Map<String, String> named) {
        List<String> parts = new ArrayList<>();
        named.forEach((name, trait) -> parts.add(name + ": " + trait));
        return String.join(" vs ", parts);
    }

    private static List<Aspect> load() {
        try (InputStream in = StyleConflicts.class.getResourceAsStream("/studio/style/style-conflicts.json")) {
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, Document.class).aspects();
        } catch (IOException e) {
            throw new UncheckedIOException("the style conflicts cannot be read", e);
        }
    }
}
