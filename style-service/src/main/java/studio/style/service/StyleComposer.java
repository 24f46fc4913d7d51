package studio.style.service;

/** Puts a style into a prompt: the style's suffix after the prompt, joined by a comma. */
public final class StyleComposer {

    private StyleComposer() {
    }

    public static String compose(String prompt, String suffix) {
        String base = prompt.strip();
        if (suffix == null || suffix.isBlank()) {
            return base;
        }
        while (base.endsWith(",") || base.endsWith(".")) {
            base = base.substring(0, base.length() - 1).stripTrailing();
        }
        return base.isEmpty() ? suffix.strip() : base + ", " + suffix.strip();
    }
}
