package studio.common.error;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code type} is stable and machine-readable; {@code errors} lists
 * every offending field, row or CSV line of a validation failure; {@code extensions} are further
 * members of the document (for example a refused budget's figures), written at its top level.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        @JsonAnyGetter Map<String, Object> extensions) {

    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:studio:problem:";

    public static String type(String slug) {
        return TYPE_PREFIX + slug;
    }

    /** One offending input: a field path such as {@code rows[3].product_name}, or a CSV line and column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message, Integer line, String column) {

        public static FieldError of(String field, String message) {
            return new FieldError(field, message, null, null);
        }
    }
}
