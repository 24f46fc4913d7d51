package studio.template.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.ProblemException;
import studio.common.events.TemplateEvent;
import studio.common.outbox.Outbox;
import studio.template.repository.PromptTemplate;
import studio.template.repository.PromptTemplateRepository;

/** The template library's business methods; every change announces itself through the outbox. */
@ApplicationScoped
public class TemplateService {

    private final PromptTemplateRepository templates;
    private final Outbox outbox;

    public TemplateService(PromptTemplateRepository templates, Outbox outbox) {
        this.templates = templates;
        this.outbox = outbox;
    }

    /** The fields a vendor sets on a template. */
    public record TemplateDraft(String name, String description, String promptText, String category, String style,
            Map<String, Object> parameters) {
    }

    @WithTransaction
    public Uni<PromptTemplate> create(UUID vendorId, TemplateDraft draft) {
        PromptTemplate template = new PromptTemplate();
        template.id = UUID.randomUUID();
        template.vendorId = vendorId;
        template.name = draft.name().strip();
        template.description = draft.description();
        template.promptText = draft.promptText();
        template.category = draft.category();
        template.style = draft.style();
        template.parameters = draft.parameters() == null ? new HashMap<>() : draft.parameters();
        template.createdAt = Instant.now();
        template.updatedAt = template.createdAt;
        return templates.persist(template)
                .call(saved -> outbox.publish(new TemplateEvent.Created(saved.id, vendorId, saved.name, 1)));
    }

    @WithSession
    public Uni<Page<PromptTemplate>> list(UUID vendorId, PageRequest page) {
        return templates.listForVendor(vendorId, page);
    }

    /** One row of a bulk render: its position, the prompt, and what it lacks or has in excess. */
    public record RenderedRow(int row, String prompt, List<String> missing, List<String> unknown) {
    }

    /** The outcome of rendering many rows with one template; {@code invalidRows} counts rows with errors. */
    public record RenderReport(UUID templateId, List<String> variables, List<RenderedRow> rows, int invalidRows) {
    }

    /** Renders every row with the template (own or public); never fails on a bad row, it reports it. */
    @WithSession
    public Uni<RenderReport> render(UUID vendorId, UUID templateId, List<Map<String, String>> rows) {
        return get(vendorId, templateId).map(template -> {
            List<RenderedRow> rendered = new ArrayList<>(rows.size());
            int invalid = 0;
            for (int i = 0; i < rows.size(); i++) {
                PromptRenderer.Rendered r = PromptRenderer.render(template.promptText, rows.get(i));
                rendered.add(new RenderedRow(i, r.prompt(), r.missing(), r.unknown()));
                invalid += r.ok() ? 0 : 1;
            }
            return new RenderReport(template.id, PromptRenderer.variables(template.promptText), rendered, invalid);
        });
    }

    @WithSession
    public Uni<PromptTemplate> get(UUID vendorId, UUID id) {
        return templates.findReadable(id, vendorId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Template", id));
    }
}
