package studio.batch.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.batch.client.TemplateClient;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.Lane;
import studio.common.events.Priority;

/** A batch as it would be, before it is made: its prompts, problems, estimate and the vendor's budget. Nothing is stored. */
@ApplicationScoped
public class BatchPreview {

    private final PromptRendering rendering;
    private final Estimates estimates;
    private final Costs costs;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public BatchPreview(PromptRendering rendering, Estimates estimates, Costs costs) {
        this.rendering = rendering;
        this.estimates = estimates;
        this.costs = costs;
    }

    /**
     * What the batch screen shows before a batch starts: rows, the first prompts as they will be
     * sent, every problem, the estimated cost and time, and the vendor's budget (null figures when
     * the parameters are invalid).
     */
    public record Preview(int rows, Integer templateVersion, List<String> prompts, List<Problem.FieldError> problems,
            BigDecimal estimatedCostUsd, Long estimatedSeconds, Costs.Budget budget) {
    }

    /**
     * Renders a batch request without storing anything: the first {@code sample} prompts (with the
     * style or mix and tuning composed in) and every problem of every row, as the batch's POST would
     * report them.
     */
    public Uni<Preview> preview(UUID vendorId, String authorization, NewBatch request, int sample) {
        Map<String, Object> parameters = request.look().parametersOrEmpty();
        List<Problem.FieldError> problems = new ArrayList<>(catalog.check("parameters", parameters));
        if (!problems.isEmpty()) {
            return Uni.createFrom().item(new Preview(request.rows().size(), null, List.of(), problems, null, null, null));
        }
        Model model = catalog.modelFor(parameters);
        return rendering.renderTemplate(vendorId, authorization, request).chain(report -> {
            List<String> prompts = report.rows().stream().map(TemplateClient.RenderedRow::prompt).toList();
            problems.addAll(PromptRendering.rowProblems(report, request));
            problems.addAll(PromptRendering.overLimit(prompts, model, request));
            PromptRendering.Rendered first = new PromptRendering.Rendered(report.version(), prompts.subList(0, Math.min(sample, prompts.size())),
                    request.look().jobParameters(), null);
            // only the sample is composed: the template has rendered every row once already
            Uni<PromptRendering.Rendered> composed = request.look().needsComposition()
                    ? rendering.compose(vendorId, authorization, request.look(), first, field -> PromptRendering.ownField(field, request)).onFailure(ProblemException.class).recoverWithItem(e -> {
                        problems.addAll(((ProblemException) e).errors());
                        return null;
                    })
                    : Uni.createFrom().item(first);
            return composed.chain(sampled -> sampled == null
                    ? Uni.createFrom().item(new Preview(prompts.size(), report.version(), List.of(), problems, null, null, null))
                    : priced(vendorId, model, (request.priority() == null ? Priority.NORMAL : request.priority()).lane(), prompts, first, sampled, problems));
        });
    }

    /**
     * The preview with its estimate: every row priced as the batch would be, its prompt grown by
     * what the composition added to the sample on average; the time from the vendor's place in the
     * lane's fair queue (its own jobs ahead, the other vendors' turns, the lane's pace); and
     * a problem when the estimate does not fit the vendor's budget.
     */
    private Uni<Preview> priced(UUID vendorId, Model model, Lane lane, List<String> prompts, PromptRendering.Rendered raw, PromptRendering.Rendered sampled,
            List<Problem.FieldError> problems) {
        int growth = 0;
        for (int i = 0; i < sampled.prompts().size(); i++) {
            growth += sampled.prompts().get(i).length() - raw.prompts().get(i).length();
        }
        int averageGrowth = sampled.prompts().isEmpty() ? 0 : growth / sampled.prompts().size();
        BigDecimal estimate = BigDecimal.ZERO;
        for (String prompt : prompts) {
            estimate = estimate.add(estimates.price(model, lane, sampled.jobParameters(), prompt.length() + averageGrowth));
        }
        BigDecimal total = estimate;
        return Panache.withSession(() -> estimates.place(vendorId, lane).chain(place -> costs.budget(vendorId).map(budget -> {
            if (budget.remainingUsd() != null && total.compareTo(budget.remainingUsd()) > 0) {
                problems.add(Problem.FieldError.of("budget", "estimated at $" + total.toPlainString() + "; $"
                        + budget.remainingUsd().toPlainString() + " of the monthly budget of $" + budget.monthlyLimitUsd().toPlainString()
                        + " is left"));
            }
            return new Preview(prompts.size(), sampled.templateVersion(), sampled.prompts(), problems, total,
                    place.secondsFor(prompts.size()), budget);
        })));
    }
}
