package studio.batch.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.Priority;

/**
 * A multipart form's text fields read as what they stand for (ids, JSON, times, a priority), each
 * problem collected under its field; {@link #orRefuse} refuses the form with all of them at once.
 * A blank field is an absent one.
 */
final class FormFields {

    private final ObjectMapper json;
    private final List<Problem.FieldError> problems = new ArrayList<>();

    FormFields(ObjectMapper json) {
        this.json = json;
    }

    List<Problem.FieldError> problems() {
        return problems;
    }

    /** 400 naming every problem found so far, if any. */
    void orRefuse() {
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.size() + " problem(s) in the form.", problems);
        }
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    String text(String field, String value, int maxLength) {
        String text = text(value);
        if (text != null && text.length() > maxLength) {
            problems.add(Problem.FieldError.of(field, "at most " + maxLength + " characters"));
        }
        return text;
    }

    UUID uuid(String field, String value, boolean required) {
        String text = text(value);
        if (text == null) {
            if (required) {
                problems.add(Problem.FieldError.of(field, "must not be blank"));
            }
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.FieldError.of(field, "not a UUID"));
            return null;
        }
    }

    <T> T json(String field, String value, TypeReference<T> type) {
        if (text(value) == null) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (java.io.IOException e) {
            problems.add(Problem.FieldError.of(field, "not valid JSON of the expected shape"));
            return null;
        }
    }

    /** A time in ISO-8601 with its offset, for example 2026-12-01T02:00:00Z. */
    Instant instant(String field, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(Problem.FieldError.of(field, "an ISO-8601 time with its offset, for example 2026-12-01T02:00:00Z"));
            return null;
        }
    }

    Priority priority(String value) {
        try {
            return Priority.of(text(value));
        } catch (IllegalArgumentException e) {
            problems.add(Problem.FieldError.of("priority", e.getMessage()));
            return null;
        }
    }

    boolean flag(String field, String value) {
        String text = text(value);
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (!text.equalsIgnoreCase("true")) {
            problems.add(Problem.FieldError.of(field, "true or false"));
        }
        return true;
    }
}
