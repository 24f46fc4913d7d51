package studio.batch.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.batch.client.BulkPeers;
import studio.batch.client.PeerErrors;
import studio.batch.client.StyleClient;
import studio.batch.client.TemplateClient;
import studio.batch.repository.GenerationItemRepository;
import studio.common.catalog.Model;
import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * A request's prompts, made by the peers: template-service renders the rows (a single image brings
 * its own prompt), style-service composes style, mix and tuning in; every row's problem in the
 * request's own terms, before anything is stored. The ids a request names are checked for the
 * caller here too: its template and the image it starts from.
 */
@ApplicationScoped
public class PromptRendering {

    private final TemplateClient templates;
    private final BulkPeers bulk;
    private final GenerationItemRepository items;

    public PromptRendering(@RestClient TemplateClient templates, BulkPeers bulk, GenerationItemRepository items) {
        this.templates = templates;
        this.bulk = bulk;
        this.items = items;
    }

    /**
     * The prompts of a batch, the template version they were rendered with, the parameters every
     * job carries, and the composition's report (null without a style, mix or tuning).
     */
    record Rendered(Integer templateVersion, List<String> prompts, Map<String, Object> jobParameters,
            StyleClient.Composition composition) {
    }

    Uni<Rendered> render(UUID vendorId, String authorization, NewBatch request) {
        Uni<Rendered> rendered = request.source() instanceof NewBatch.Single single
                ? checkTemplate(vendorId, authorization, single.templateId()).map(ok -> new Rendered(single.templateVersion(),
                        List.of(single.prompt().strip()), request.look().jobParameters(), null))
                : renderTemplate(vendorId, authorization, request).map(report -> {
                    List<Problem.FieldError> rowErrors = rowProblems(report, request);
                    if (!rowErrors.isEmpty()) {
                        throw ProblemException.invalid(report.invalidRows() + " row(s) do not fit the template.", rowErrors);
                    }
                    return new Rendered(report.version(), report.rows().stream().map(TemplateClient.RenderedRow::prompt).toList(),
                            request.look().jobParameters(), null);
                });
        return request.look().needsComposition()
                ? rendered.chain(r -> compose(vendorId, authorization, request.look(), r, field -> ownField(field, request)))
                : rendered;
    }

    /**
     * A template a request names without rendering it (a single image, an A/B test): the caller must
     * be allowed to use it (its own or a public one), as a batch's render checks; none named is fine.
     */
    public Uni<Void> checkTemplate(UUID vendorId, String authorization, UUID templateId) {
        if (templateId == null) {
            return Uni.createFrom().voidItem();
        }
        return templates.get(authorization, vendorId.toString(), templateId).replaceWithVoid()
                .onFailure(PeerErrors.PeerNotFound.class).transform(e -> ProblemException.invalid("The template does not exist.",
                        List.of(Problem.FieldError.of("templateId", "no template " + templateId + " for this vendor"))));
    }

    /** The image "generate similar" starts from must be one of the vendor's own. */
    Uni<Void> checkBasedOn(UUID vendorId, UUID basedOn) {
        if (basedOn == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> items.count("id = ?1 and vendorId = ?2", basedOn, vendorId))
                .map(found -> {
                    if (found == 0) {
                        throw ProblemException.invalid("The image to start from does not exist.",
                                List.of(Problem.FieldError.of("basedOn", "no image " + basedOn + " for this vendor")));
                    }
                    return null;
                });
    }

    /** template-service's bulk render of every row; an unknown template is the request's own 400. */
    Uni<TemplateClient.RenderReport> renderTemplate(UUID vendorId, String authorization, NewBatch request) {
        UUID templateId = request.source().templateId();
        return bulk.render(authorization, vendorId.toString(), templateId, request.rows())
                .onFailure(PeerErrors.PeerNotFound.class).transform(e -> ProblemException.invalid("The template does not exist.",
                        List.of(Problem.FieldError.of("templateId", "no template " + templateId + " for this vendor"))));
    }

    /**
     * style-service's bulk composition of the rendered prompts with a look (style or mix, tuning);
     * its refusal in the request's own terms, each field named by {@code ownField}.
     */
    Uni<Rendered> compose(UUID vendorId, String authorization, Look look, Rendered rendered, UnaryOperator<String> ownField) {
        return bulk.compose(authorization, vendorId.toString(), new StyleClient.ComposeRequest(rendered.prompts(), look.styleId(), look.mix(),
                look.tuning(), look.parameters()))
                .onFailure(PeerErrors.PeerRejected.class).transform(e -> inOwnTerms((PeerErrors.PeerRejected) e, ownField))
                .map(composition -> new Rendered(rendered.templateVersion(), composition.prompts(), composition.parameters(),
                        composition));
    }

    /**
     * Every row's missing and unknown variables; for products ({@code products[i]}) only the missing
     * ones, since a product carries fields the template need not use.
     */
    static List<Problem.FieldError> rowProblems(TemplateClient.RenderReport report, NewBatch request) {
        boolean fromProducts = request.source() instanceof NewBatch.Products;
        String prefix = fromProducts ? "products[" : "rows[";
        List<Problem.FieldError> problems = new ArrayList<>();
        for (TemplateClient.RenderedRow row : report.rows()) {
            row.missing().forEach(v -> problems.add(Problem.FieldError.of(prefix + row.row() + "]." + v,
                    "missing: the template uses {" + v + "}")));
            if (!fromProducts) {
                row.unknown().forEach(v -> problems.add(Problem.FieldError.of(prefix + row.row() + "]." + v,
                        "unknown: the template has no {" + v + "}")));
            }
        }
        return problems;
    }

    /** The prompts longer than the model takes. */
    static List<Problem.FieldError> overLimit(List<String> prompts, Model model, NewBatch request) {
        List<Problem.FieldError> problems = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length() > model.maxPromptLength()) {
                problems.add(Problem.FieldError.of(request.promptField(i), "the prompt is " + prompts.get(i).length()
                        + " characters; " + model.id() + " takes at most " + model.maxPromptLength()));
            }
        }
        return problems;
    }

    private static final java.util.regex.Pattern PEER_PROMPT = java.util.regex.Pattern.compile("^prompts\\[(\\d+)\\]");

    /** A field of style-service's refusal in the batch's own terms: its prompts[i] are the batch's i-th prompt. */
    static String ownField(String peerField, NewBatch request) {
        return peerField == null ? null : PEER_PROMPT.matcher(peerField).replaceFirst(m -> request.promptField(Integer.parseInt(m.group(1))));
    }

    private static RuntimeException inOwnTerms(PeerErrors.PeerRejected rejected, UnaryOperator<String> ownField) {
        return rejected.problem().<RuntimeException>map(problem -> ProblemException.invalid(problem.detail(),
                problem.errors() == null ? List.of() : problem.errors().stream()
                        .map(e -> Problem.FieldError.of(ownField.apply(e.field()), e.message()))
                        .toList()))
                .orElse(rejected);
    }
}
