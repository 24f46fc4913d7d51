package studio.common.error;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Turns every failure of a REST call into problem+json; shared by all services. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> Problem.FieldError.of(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return respond(new Problem(Problem.type("validation"), "Invalid request", 400,
                errors.size() + " field(s) are invalid.", uri.getPath(), errors));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail = "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage();
        return respond(new Problem(Problem.type("malformed-body"), "Malformed request body", 400, detail, uri.getPath(), null));
    }

    /**
     * A body whose JSON is well formed but holds a value of the wrong kind ({@code "scheduledFor":
     * "tomorrow"}, {@code "rows": 3}): 400 naming the field. Without this, Quarkus' own mapper for
     * this exception would answer plain JSON.
     */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        StringBuilder field = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        String detail = "The request body is not valid JSON for this endpoint: " + e.getOriginalMessage();
        // a text refused for what it holds (studio.common.api.StrictText) says what
        // a name outside an enumeration (a priority, say) lists the names there are
        String message = e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid && invalid.getTargetType() == String.class
                ? e.getOriginalMessage()
                : e.getTargetType() != null && e.getTargetType().isEnum() ? "must be one of " + java.util.Arrays.stream(e.getTargetType()
                        .getEnumConstants()).map(c -> studio.common.api.WireNames.of((Enum<?>) c)).collect(java.util.stream.Collectors.joining(", "))
                : "a value of the wrong kind";
        return respond(new Problem(Problem.type("malformed-body"), "Malformed request body", 400, detail, uri.getPath(),
                field.isEmpty() ? null : List.of(Problem.FieldError.of(field.toString(), message))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Problem.FieldError badQuery = status == 404 ? unconvertibleQueryParameter(e, uri) : null;
        if (badQuery != null) {
            // JAX-RS answers a query parameter it cannot convert (?page=abc) with 404, as if the resource were missing
            return respond(new Problem(Problem.type("validation"), "Invalid request", 400,
                    "The query parameter " + badQuery.field() + " has a value of the wrong kind.", uri.getPath(), List.of(badQuery)));
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException unreadable) {
            // Quarkus REST wraps some of Jackson's refusals (a limit of StreamReadConstraints, say) before a mapper sees them
            return unreadableJson(unreadable, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return respond(new Problem(Problem.type(status == 404 ? "not-found" : "http-" + status), title, status,
                e.getMessage(), uri.getPath(), null));
    }

    /** The query parameter whose value the framework failed to convert, when that is why it answered 404. */
    private static Problem.FieldError unconvertibleQueryParameter(WebApplicationException e, UriInfo uri) {
        if (!(e.getCause() instanceof IllegalArgumentException cause) || cause.getMessage() == null) {
            return null;
        }
        for (var parameter : uri.getQueryParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (cause.getMessage().contains("\"" + value + "\"") || cause.getMessage().endsWith(value)) {
                    boolean number = cause instanceof NumberFormatException;
                    return Problem.FieldError.of(parameter.getKey(), number ? "must be a whole number" : "is not a valid value: " + cause.getMessage());
                }
            }
        }
        return null;
    }

    /*
     * Security refusals that reach the REST layer: Quarkus hands a bearer token that fails
     * verification to the resource's exception mappers as AuthenticationFailedException (a request
     * without a token is ProblemChallenge's); UnauthorizedException and ForbiddenException come from
     * security annotations on resource methods. All answer as problems, as every refusal does.
     */

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemChallenge.unauthenticated(true, uri.getPath())))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        boolean tokenSent = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        return Response.fromResponse(respond(ProblemChallenge.unauthenticated(tokenSent, uri.getPath())))
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenSent ? "Bearer error=\"invalid_token\"" : "Bearer").build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemChallenge.forbidden(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (incident %s)", uri.getPath(), incident);
        return respond(new Problem(Problem.type("internal"), "Internal error", 500,
                "The request failed unexpectedly; quote incident " + incident + " when reporting it.", uri.getPath(), null));
    }

    /**
     * The field as the caller wrote it: a body property path ({@code rows[3].name}), or the name of a
     * query or path parameter; the resource method's own name and its body parameter's name are dropped.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean bodyParameter = node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD || bodyParameter) {
                continue;
            }
            String text = node.toString();
            if (field.length() > 0 && !text.startsWith("[")) {
                field.append('.');
            }
            field.append(text);
        }
        return field.length() == 0 ? violation.getPropertyPath().toString() : field.toString();
    }

    /** A problem as its response: its status, {@code application/problem+json} (for a service's own mappers, too). */
    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
