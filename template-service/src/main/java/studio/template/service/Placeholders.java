package studio.template.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a template's text for malformed placeholders before it is saved: every unescaped
 * {@code {} must open a {@code {name}} whose name is a letter or underscore followed by letters,
 * digits or underscores. {@code \{} writes a literal brace.
 */
public final class Placeholders {

    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    /** A problem at a character position (0-based) of the text. */
    public record Malformed(int position, String message) {
    }

    private Placeholders() {
    }

    public static List<Malformed> check(String text) {
        List<Malformed> problems = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                i += 2;
                continue;
            }
            if (c == '{') {
                Matcher m = PLACEHOLDER.matcher(text).region(i, text.length());
                if (!m.lookingAt()) {
                    problems.add(new Malformed(i, "'{' is never closed; write \\{ for a literal brace"));
                    i++;
                    continue;
                }
                String name = m.group(1);
                if (name.isBlank()) {
                    problems.add(new Malformed(i, "empty placeholder {}"));
                } else if (!NAME.matcher(name).matches()) {
                    problems.add(new Malformed(i, "{" + name + "} is not a variable name: use letters, digits and _ (for example {product_name})"));
                }
                i = m.end();
                continue;
            }
            i++;
        }
        return problems;
    }
}
