package studio.template.intelligence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import studio.template.config.LlmConfig;

/**
 * An optional OpenAI-compatible chat endpoint ({@code POST {base-url}/chat/completions}) that refines
 * the prompt tools' offline answers. Without {@code studio.llm.base-url} it is off and the tools work
 * from their rules alone; a failing model never fails a request, it is reported beside the answer.
 */
@ApplicationScoped
public class LanguageModel {

    private static final Logger LOG = Logger.getLogger(LanguageModel.class);
    private static final String SYSTEM = "You improve prompts for an image model that makes product and marketing images for"
            + " licensed cannabis retailers. Never suggest showing consumption, people under 21 or medical claims. Answer with a"
            + " JSON object: {\"suggestions\": [short, concrete suggestions], \"improvedPrompt\": \"the prompt rewritten\"}.";

    private final Optional<String> baseUrl;
    private final Optional<String> apiKey;
    private final String model;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public LanguageModel(LlmConfig config, ObjectMapper json) {
        Duration timeout = config.timeout();
        this.baseUrl = config.baseUrl().filter(url -> !url.isBlank()).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.apiKey = config.apiKey();
        this.model = config.model();
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What the model added: its suggestions and rewrite, or why there are none. */
    public record Refinement(boolean used, String model, List<String> suggestions, String improvedPrompt, String error) {

        public static Refinement off() {
            return new Refinement(false, null, List.of(), null, null);
        }
    }

    public boolean configured() {
        return baseUrl.isPresent();
    }

    /** Asks the model about {@code task} (a short instruction) for {@code prompt}; off when not configured. */
    public Uni<Refinement> refine(String task, String prompt) {
        if (baseUrl.isEmpty()) {
            return Uni.createFrom().item(Refinement.off());
        }
        String body;
        try {
            body = json.writeValueAsString(Map.of("model", model, "temperature", 0,
                    "response_format", Map.of("type", "json_object"),
                    "messages", List.of(Map.of("role", "system", "content", SYSTEM), Map.of("role", "user", "content", task + "\n\n" + prompt))));
        } catch (Exception e) {
            return Uni.createFrom().item(failed("the request could not be written: " + e.getMessage()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.get() + "/chat/completions")).timeout(timeout)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        apiKey.ifPresent(key -> request.header("authorization", "Bearer " + key));
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(this::read)
                .onFailure().recoverWithItem(e -> failed("the language model did not answer: " + e.getMessage()));
    }

    private Refinement read(HttpResponse<String> response) {
        try {
            if (response.statusCode() != 200) {
                JsonNode error = json.readTree(response.body()).path("error");
                return failed("the language model answered " + response.statusCode()
                        + (error.hasNonNull("message") ? ": " + error.get("message").asText() : ""));
            }
            String content = json.readTree(response.body()).path("choices").path(0).path("message").path("content").asText("");
            JsonNode answer = json.readTree(content);
            List<String> suggestions = new ArrayList<>();
            answer.path("suggestions").forEach(s -> {
                if (s.isTextual() && !s.asText().isBlank()) {
                    suggestions.add(s.asText().strip());
                }
            });
            String improved = answer.hasNonNull("improvedPrompt") ? answer.get("improvedPrompt").asText().strip() : null;
            return new Refinement(true, model, List.copyOf(suggestions), improved, null);
        } catch (Exception e) {
            return failed("the language model's answer was not the JSON asked for");
        }
    }

    private Refinement failed(String why) {
        LOG.warnf("Prompt refinement skipped: %s", why);
        return new Refinement(false, model, List.of(), null, why);
    }
}
