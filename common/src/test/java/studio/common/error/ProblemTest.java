package studio.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void extensionsAreTopLevelMembersOfTheDocument() throws Exception {
        Problem problem = new ProblemException(422, "budget-exceeded", "Budget exceeded", "over", null,
                Map.of("budgetUsd", 50)).toProblem("/x");
        JsonNode written = json.readTree(json.writeValueAsString(problem));
        assertThat(written.path("budgetUsd").asInt()).isEqualTo(50);
        assertThat(written.has("extensions")).isFalse();
        assertThat(written.path("type").asText()).isEqualTo("urn:studio:problem:budget-exceeded");
    }

    @Test
    void aProblemWithoutExtensionsHasOnlyTheStandardMembers() throws Exception {
        JsonNode written = json.readTree(json.writeValueAsString(ProblemException.notFound("Batch", 1).toProblem("/y")));
        assertThat(written.size()).isEqualTo(5);
    }
}
