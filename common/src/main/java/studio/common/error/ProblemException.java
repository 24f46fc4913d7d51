package studio.common.error;

import java.util.List;
import java.util.Map;

/**
 * A failure that the caller can act on, carried to a problem+json answer. Services throw named
 * subclasses or these factories; resources never build HTTP errors themselves.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
        this(status, slug, title, detail, errors, null);
    }

    /** A problem with further top-level members ({@code extensions}, in the order given). */
    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist.", null);
    }

    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "validation", "Invalid request", detail, errors);
    }

    public static ProblemException forbidden(String slug, String detail) {
        return new ProblemException(403, slug, "Forbidden", detail, null);
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.type(slug), title, status, getMessage(), instance, errors, extensions);
    }

    public int status() {
        return status;
    }

    /** The same failure with other field errors (a caller translating fields into its own terms). */
    public ProblemException withErrors(List<Problem.FieldError> replaced) {
        return new ProblemException(status, slug, title, getMessage(), replaced, extensions);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
