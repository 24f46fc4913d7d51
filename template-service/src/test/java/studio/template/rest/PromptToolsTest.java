package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.template.intelligence.PromptKnowledge;

/**
 * The prompt analyzer against checked-in good and bad prompts with their expected findings
 * ({@code prompt-cases.json}), auto-enhance for every product category, and the language model's
 * part through the stub's chat completions.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class PromptToolsTest {

    private static final String ANALYZE = "/api/vendor/media/analyze-prompt";
    private static final String ENHANCE = "/api/vendor/media/enhance-prompt";

    /** One checked-in case: the prompt (repeated {@code repeat} times), and what the analysis must and must not find. */
    record Case(String name, String prompt, Integer repeat, Map<String, Object> parameters, String category, List<String> expect,
            List<String> absent, List<String> terms, Integer minScore, Integer maxScore, List<String> rewriteContains,
            List<String> rewriteLacks, String messageContains) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws Exception {
        try (InputStream in = PromptToolsTest.class.getResourceAsStream("/prompt-cases.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<List<Case>>() {
            }).stream();
        }
    }

    private static String token() {
        // a vendor per request: the cases are many more than one vendor's allowance of prompt-tool calls a minute
        return Devstack.shared().oidc().vendorToken("prompt-tools-" + java.util.UUID.randomUUID());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAnalyzerFindsWhatEachCaseExpects(Case c) {
        String prompt = c.repeat() == null ? c.prompt() : c.prompt().repeat(c.repeat());
        Map<String, Object> body = new java.util.HashMap<>(Map.of("prompt", prompt, "languageModel", false));
        if (c.parameters() != null) {
            body.put("parameters", c.parameters());
        }
        if (c.category() != null) {
            body.put("category", c.category());
        }
        JsonPath analysis = given().auth().oauth2(token()).contentType(ContentType.JSON).body(body)
                .when().post(ANALYZE).then().statusCode(200).extract().jsonPath();
        List<String> codes = analysis.getList("findings.code");
        List<String> terms = analysis.getList("findings.term");
        assertThat(codes).as("findings").containsAll(c.expect());
        if (c.absent() != null) {
            assertThat(codes).as("findings").doesNotContainAnyElementsOf(c.absent());
        }
        if (c.terms() != null) {
            assertThat(terms).as("the words found").containsAll(c.terms());
        }
        int score = analysis.getInt("score");
        if (c.minScore() != null) {
            assertThat(score).as("score").isGreaterThanOrEqualTo(c.minScore());
        }
        if (c.maxScore() != null) {
            assertThat(score).as("score").isLessThanOrEqualTo(c.maxScore());
        }
        String rewrite = analysis.getString("suggestedPrompt");
        if (c.rewriteContains() != null) {
            assertThat(rewrite).contains(c.rewriteContains());
        }
        if (c.rewriteLacks() != null) {
            c.rewriteLacks().forEach(word -> assertThat(rewrite.toLowerCase()).doesNotContain(word));
        }
        if (c.messageContains() != null) {
            assertThat(analysis.getList("findings.message", String.class)).anyMatch(m -> m.contains(c.messageContains()));
        }
        assertThat(analysis.getList("findings.suggestion", String.class)).allMatch(s -> s != null && !s.isBlank());
        assertThat(analysis.getBoolean("languageModel.used")).isFalse();
    }

    @Test
    void thePromptToolsHaveAnAllowanceOfTheirOwnApartFromTheRestOfTheApi() {
        String token = Devstack.shared().oidc().vendorToken("prompt-tools-allowance-" + java.util.UUID.randomUUID());
        io.restassured.response.Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            io.restassured.response.Response answer = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("prompt", "a glass jar of flower")).when().post(ANALYZE);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.header("RateLimit-Policy")).isEqualTo("\"prompt-tools\";q=60;w=60");
            }
        }
        assertThat(refused).as("a 429 within 100 quick calls (60 a minute, bursts of 30)").isNotNull();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).matches("[1-9]\\d*");
        assertThat(refused.jsonPath().getString("scope")).isEqualTo("prompt-tools");
        // the rest of the API keeps its own allowance
        given().auth().oauth2(token).when().get("/api/vendor/media/prompt-templates").then().statusCode(200)
                .header("RateLimit-Policy", equalTo("\"api\";q=1200;w=60"));
    }

    @Test
    void theAnalyzerRefusesBadInput() {
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("prompt", " "))
                .when().post(ANALYZE).then().statusCode(400).body("errors.field", hasItem("prompt"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("prompt", "a jar", "parameters", Map.of("model", "dall-e-9")))
                .when().post(ANALYZE).then().statusCode(400).body("errors.field", hasItem("parameters.model"));
        given().contentType(ContentType.JSON).body(Map.of("prompt", "a jar")).when().post(ANALYZE).then().statusCode(401);
    }

    @Test
    void theSeedsExampleIsEnhancedAsTheRoadmapShowsAndEveryCategoryGivesAStrongPrompt() {
        given().auth().oauth2(token()).contentType(ContentType.JSON)
                .body(Map.of("productName", "Blue Dream", "category", "flower", "languageModel", false))
                .when().post(ENHANCE).then().statusCode(200)
                .body("prompt", equalTo("Blue Dream cannabis flower, macro photography, trichomes visible, purple hues, professional studio lighting"))
                .body("categorySource", equalTo("given"));

        for (String category : PromptKnowledge.builtIn().categories().keySet()) {
            Map<String, Object> body = Map.of("productName", "Northern Lights", "category", category, "brand", "Acme", "languageModel", false);
            String prompt = given().auth().oauth2(token()).contentType(ContentType.JSON).body(body)
                    .when().post(ENHANCE).then().statusCode(200).body("category", equalTo(category)).extract().path("prompt");
            // the same input, the same prompt
            given().auth().oauth2(token()).contentType(ContentType.JSON).body(body).when().post(ENHANCE).then().body("prompt", equalTo(prompt));
            assertThat(prompt).as(category).startsWith("Northern Lights").contains("by Acme");
            // what it makes is what the analyzer calls strong
            JsonPath analysis = given().auth().oauth2(token()).contentType(ContentType.JSON)
                    .body(Map.of("prompt", prompt, "category", category, "languageModel", false))
                    .when().post(ANALYZE).then().statusCode(200).extract().jsonPath();
            assertThat(analysis.getList("findings.code", String.class)).as(category + ": " + prompt)
                    .doesNotContain("missing-subject", "missing-lighting", "content-policy", "conflicting-styles", "vague-word");
            assertThat(analysis.getInt("score")).as(category + ": " + prompt).isGreaterThanOrEqualTo(85);
        }

        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("productName", "Granddaddy Purple", "category", "flower",
                "strainType", "Indica", "languageModel", false)).when().post(ENHANCE).then().statusCode(200)
                .body("prompt", containsString("deep purple hues, dense buds"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("productName", "Sour Watermelon Gummies", "languageModel", false))
                .when().post(ENHANCE).then().statusCode(200).body("category", equalTo("edibles")).body("categorySource", equalTo("name"))
                .body("prompt", containsString("appetizing food photography"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("productName", "Mystery", "languageModel", false))
                .when().post(ENHANCE).then().statusCode(200).body("categorySource", equalTo("generic"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("productName", "X", "category", "spaceships", "strainType", "ruderalis"))
                .when().post(ENHANCE).then().statusCode(400).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("category", "strainType"));
    }

    @Test
    void aConfiguredLanguageModelAddsItsSuggestions() {
        long before = Devstack.shared().openAi().stats().chats();
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("prompt", "a jar of flower, studio lighting"))
                .when().post(ANALYZE).then().statusCode(200)
                .body("languageModel.used", equalTo(true))
                .body("languageModel.suggestions.size()", equalTo(2))
                .body("languageModel.improvedPrompt", containsString("a jar of flower, studio lighting"));
        given().auth().oauth2(token()).contentType(ContentType.JSON).body(Map.of("productName", "Blue Dream", "category", "flower"))
                .when().post(ENHANCE).then().statusCode(200)
                .body("prompt", equalTo("Blue Dream cannabis flower, macro photography, trichomes visible, purple hues, professional studio lighting"))
                .body("languageModel.used", equalTo(true))
                .body("languageModel.improvedPrompt", containsString("Blue Dream cannabis flower"));
        assertThat(Devstack.shared().openAi().stats().chats()).isEqualTo(before + 2);
    }
}
