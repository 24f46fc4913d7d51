package studio.common.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import studio.common.error.Problem;

/**
 * Every service's OpenAPI document says what its errors look like: each answer of 400 and above is
 * {@code application/problem+json} ({@link Problem}, RFC 9457), and every operation under
 * {@code /api/} may answer 401 (no or a refused token), 403 (no vendor in it) and 429 (past the vendor's
 * request allowance, {@code studio.common.limits}). The statuses
 * particular to an operation are its own {@code @APIResponse}s. Registered as {@code mp.openapi.filter}.
 */
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(PROBLEM, problemSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                if (path.startsWith("/api/")) {
                    addIfMissing(operation, "401", "No bearer token, or one the platform refuses (expired, another issuer or audience)");
                    addIfMissing(operation, "403", "The token names no vendor, or lacks the role this needs");
                    addIfMissing(operation, "429", "More requests than the vendor's allowance (see Retry-After and RateLimit)");
                }
                operation.getResponses().getAPIResponses().forEach((code, response) -> {
                    if (code.compareTo("400") >= 0 && code.length() == 3 && response.getContent() == null) {
                        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
                    }
                });
            }
        });
    }

    private static void addIfMissing(Operation operation, String code, String description) {
        if (operation.getResponses().getAPIResponse(code) == null) {
            APIResponse response = OASFactory.createAPIResponse().description(description);
            operation.getResponses().addAPIResponse(code, response);
        }
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema number = OASFactory.createSchema().addType(Schema.SchemaType.INTEGER);
        Schema error = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).properties(Map.of(
                "field", text, "message", text, "line", number, "column", text));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An error as RFC 9457 problem details; `errors` names every offending field")
                .properties(Map.of("type", text, "title", text, "status", number, "detail", text, "instance", text,
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(error)));
    }
}
