package studio.common.api;

import java.io.IOException;
import java.util.List;

import jakarta.inject.Singleton;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.vertx.core.http.HttpServerRequest;
import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * Text every service refuses before it is stored: a NUL character (PostgreSQL cannot hold one, and
 * answered 500) and a lone UTF-16 surrogate (stored as {@code ?}, silently changing what was sent),
 * in any JSON string and any query parameter; and a fractional number where a whole one is asked
 * for (a rating of 4.5 was stored as 4). Each is a 400 naming the field. JSON nested deeper than
 * {@value #MAX_DEPTH} levels is a 400 too: no request of the API nests more than a few, and
 * thousands of brackets overflowed the event loop's stack before Jackson's own limit (1,000).
 */
@Singleton
public class StrictText implements ObjectMapperCustomizer {

    /** The deepest nesting of objects and arrays a request body may have. */
    public static final int MAX_DEPTH = 32;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.registerModule(new SimpleModule("studio-strict-text").addDeserializer(String.class, new CheckedString()));
    }

    /** What is wrong with a text, or null when nothing is. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character (\\u0000), which text cannot hold";
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return "contains half of a UTF-16 surrogate pair (position " + i + "), which is not a character";
            }
        }
        return null;
    }

    /** Jackson's own string reading, then the check. */
    static final class CheckedString extends StdScalarDeserializer<String> {

        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(parser, problem, null, String.class);
            }
            return value;
        }
    }

    /** The same for query parameters, before any resource reads them. */
    @ServerRequestFilter(preMatching = true)
    public void queryParameters(HttpServerRequest request) {
        for (var parameter : request.params()) {
            String problem = problem(parameter.getValue());
            if (problem != null) {
                throw ProblemException.invalid("The query parameter " + parameter.getKey() + " " + problem + ".",
                        List.of(Problem.FieldError.of(parameter.getKey(), problem)));
            }
        }
    }
}
