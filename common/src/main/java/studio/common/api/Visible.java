package studio.common.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A name a person can see: at least one character that is neither white space nor invisible
 * (zero-width spaces and joiners, other format and control characters). {@code @NotBlank} lets a
 * name of zero-width spaces through. Null, empty and white-space-only text pass: pair it with
 * {@code @NotBlank} where a name is required.
 */
@Documented
@Constraint(validatedBy = Visible.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Visible {

    /** The refusal's words, for input validated by hand too ({@link Validator#holds}). */
    String MESSAGE = "must contain a visible character (not only spaces or invisible ones)";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check. */
    class Validator implements ConstraintValidator<Visible, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            // empty and white-space-only text is @NotBlank's to refuse (one problem per field, not two)
            return value == null || value.isBlank() || holds(value);
        }

        /** Whether {@code value} has a visible character: the check, for input validated by hand (CSV rows, say). */
        public static boolean holds(String value) {
            return value.codePoints().anyMatch(Validator::visible);
        }

        static boolean visible(int c) {
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
            int type = Character.getType(c);
            return type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED
                    && type != Character.PRIVATE_USE && type != Character.SURROGATE && c != 0x3164 && c != 0x115F && c != 0x1160
                    && c != 0xFFA0 && c != 0x2800;
        }
    }
}
