package studio.template.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import studio.template.intelligence.LanguageModel;
import studio.template.intelligence.PromptAnalyzer;
import studio.template.intelligence.PromptEnhancer;

/**
 * The prompt tools: {@code POST /api/vendor/media/analyze-prompt} and
 * {@code POST /api/vendor/media/enhance-prompt}. Both answer from the offline knowledge base; when a
 * language model is configured ({@code studio.llm.base-url}), its suggestions come beside the rules'
 * answer in {@code languageModel}.
 */
@Path("/api/vendor/media")
public class PromptToolsResource {

    private final PromptAnalyzer analyzer;
    private final PromptEnhancer enhancer;
    private final LanguageModel languageModel;

    public PromptToolsResource(PromptAnalyzer analyzer, PromptEnhancer enhancer, LanguageModel languageModel) {
        this.analyzer = analyzer;
        this.enhancer = enhancer;
        this.languageModel = languageModel;
    }

    /** {@code category}: a product category (flower, vapes, …) to tailor the suggestions; {@code languageModel: false} skips the model. */
    public record AnalyzeRequest(@NotBlank @Size(max = 32000) String prompt, Map<String, Object> parameters, @Size(max = 50) String category,
            Boolean languageModel) {
    }

    public record AnalyzeResponse(int score, List<PromptAnalyzer.Finding> findings, String suggestedPrompt, String model, int length,
            int maxLength, LanguageModel.Refinement languageModel) {
    }

    public record EnhanceRequest(@NotBlank @Size(max = 200) String productName, @Size(max = 50) String category,
            @Size(max = 50) String strainType, @Size(max = 100) String brand, Boolean languageModel) {
    }

    public record EnhanceResponse(String prompt, String category, String categorySource, List<String> parts,
            LanguageModel.Refinement languageModel) {
    }

    /** A score (100 is best) and findings, each with a suggestion, and a suggested rewrite: 200; 400 for bad parameters. */
    @Operation(summary = "A score (100 is best) and findings, each with a suggestion, and a suggested rewrite")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For bad parameters")
    @POST
    @Path("/analyze-prompt")
    public Uni<AnalyzeResponse> analyze(@Valid @NotNull AnalyzeRequest request) {
        PromptAnalyzer.Analysis a = analyzer.analyze(request.prompt(), request.parameters(), request.category());
        return refine(request.languageModel(), "Review this image prompt and suggest improvements.", request.prompt())
                .map(llm -> new AnalyzeResponse(a.score(), a.findings(), a.suggestedPrompt(), a.model(), a.length(), a.maxLength(), llm));
    }

    /** A strong prompt for a product, the same every time for the same input: 200; 400 for an unknown category or strain type. */
    @Operation(summary = "A strong prompt for a product, the same every time for the same input")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For an unknown category or strain type")
    @POST
    @Path("/enhance-prompt")
    public Uni<EnhanceResponse> enhance(@Valid @NotNull EnhanceRequest request) {
        PromptEnhancer.Enhanced e = enhancer.enhance(request.productName(), request.category(), request.strainType(), request.brand());
        return refine(request.languageModel(), "Refine this product image prompt; keep the product and its category.", e.prompt())
                .map(llm -> new EnhanceResponse(e.prompt(), e.category(), e.categorySource(), e.parts(), llm));
    }

    private Uni<LanguageModel.Refinement> refine(Boolean wanted, String task, String prompt) {
        return Boolean.FALSE.equals(wanted) ? Uni.createFrom().item(LanguageModel.Refinement.off())
                : languageModel.refine(task, prompt);
    }
}
