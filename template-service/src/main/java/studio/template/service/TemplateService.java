package studio.template.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.TemplateEvent;
import studio.common.outbox.Outbox;
import studio.common.tenancy.Caller;
import studio.common.persistence.Pages;
import studio.common.persistence.Rows;
import studio.template.repository.PromptHistoryRepository;
import studio.template.repository.PromptTemplate;
import studio.template.repository.PromptTemplateRepository;
import studio.template.repository.PromptTemplateVersion;
import studio.template.repository.PromptTemplateVersionRepository;

/**
 * The template library: a vendor's own templates and the platform's public ones, with checked
 * variables, versions and forks. Every change is announced through the outbox.
 */
@ApplicationScoped
public class TemplateService {

    private static final String ONLY_ADMINS = "Public templates are written by the platform's admins only; fork one to change it.";

    public static final Set<String> CATEGORIES = Set.of("product", "marketing", "social", "brand");

    private final PromptTemplateRepository templates;
    private final PromptTemplateVersionRepository versions;
    private final Outbox outbox;
    private final PromptHistoryRepository history;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public TemplateService(PromptTemplateRepository templates, PromptTemplateVersionRepository versions, Outbox outbox,
            PromptHistoryRepository history) {
        this.history = history;
        this.templates = templates;
        this.versions = versions;
        this.outbox = outbox;
    }

    /** The fields a vendor sets on a template. */
    public record TemplateDraft(String name, String description, String promptText, String category, String style,
            Map<String, Object> parameters, List<TemplateVariable> variables, boolean isPublic) {
    }

    /** Listing filters; null means no filter. {@code sort}: name, recent, usage or success. */
    public record Filter(String category, String style, String text, String sort) {
    }

    @WithTransaction
    public Uni<PromptTemplate> create(Caller caller, TemplateDraft draft) {
        check(draft);
        if (draft.isPublic() && !caller.admin()) {
            return Uni.createFrom().failure(ProblemException.forbidden("admin-only", ONLY_ADMINS));
        }
        PromptTemplate template = new PromptTemplate();
        template.id = UUID.randomUUID();
        template.vendorId = draft.isPublic() ? null : caller.vendorId();
        template.isPublic = draft.isPublic();
        template.createdAt = Instant.now();
        template.currentVersion = 1;
        apply(template, draft);
        return persistWithVersion(template)
                .call(saved -> outbox.publish(new TemplateEvent.Created(saved.id, caller.vendorId(), saved.name, 1)));
    }

    /** Saves a new version; the earlier ones stay readable. */
    @WithTransaction
    public Uni<PromptTemplate> update(Caller caller, UUID id, TemplateDraft draft) {
        check(draft);
        return writable(caller, id).chain(template -> {
            if (draft.isPublic() != template.isPublic) {
                return Uni.createFrom().failure(ProblemException.invalid("A template cannot change between public and private.",
                        List.of(Problem.FieldError.of("isPublic", "fork a public template instead"))));
            }
            template.currentVersion++;
            apply(template, draft);
            return persistWithVersion(template).call(saved -> outbox.publish(
                    new TemplateEvent.Updated(saved.id, caller.vendorId(), saved.name, saved.currentVersion)));
        });
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return writable(caller, id).chain(template -> {
            template.deletedAt = Instant.now();
            return outbox.publish(new TemplateEvent.Deleted(template.id, caller.vendorId())).replaceWithVoid();
        });
    }

    /** Copies a readable template (usually a public one) into the caller's own library. */
    @WithTransaction
    public Uni<PromptTemplate> fork(Caller caller, UUID id) {
        return readable(caller.vendorId(), id).chain(source -> {
            PromptTemplate copy = new PromptTemplate();
            copy.id = UUID.randomUUID();
            copy.vendorId = caller.vendorId();
            copy.isPublic = false;
            copy.forkedFrom = source.id;
            copy.createdAt = Instant.now();
            copy.currentVersion = 1;
            apply(copy, new TemplateDraft(source.name, source.description, source.promptText, source.category, source.style,
                    source.parameters, TemplateVariables.list(source.variables), false));
            return persistWithVersion(copy)
                    .call(saved -> outbox.publish(new TemplateEvent.Created(saved.id, caller.vendorId(), saved.name, 1)));
        });
    }

    @WithSession
    public Uni<Page<PromptTemplate>> list(UUID vendorId, Filter filter, PageRequest page) {
        return search("t.vendorId = :vendor", Parameters.with("vendor", vendorId), filter, page);
    }

    @WithSession
    public Uni<Page<PromptTemplate>> listPublic(Filter filter, PageRequest page) {
        return search("t.isPublic = true", new Parameters(), filter, page);
    }

    /** The vendor's newest image key per template of a page (see the library's cards). */
    @WithSession
    public Uni<Map<UUID, String>> latestImages(UUID vendorId, List<PromptTemplate> templates) {
        return history.latestImages(vendorId, templates.stream().map(t -> t.id).toList());
    }

    @WithSession
    public Uni<PromptTemplate> get(UUID vendorId, UUID id) {
        return readable(vendorId, id);
    }

    @WithSession
    public Uni<List<PromptTemplateVersion>> versions(UUID vendorId, UUID id) {
        return readable(vendorId, id).chain(t -> versions.list("templateId = ?1 order by version desc", t.id));
    }

    @WithSession
    public Uni<PromptTemplateVersion> version(UUID vendorId, UUID id, int version) {
        return readable(vendorId, id).chain(t -> versions.findById(new PromptTemplateVersion.Key(t.id, version)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Version " + version + " of template", id));
    }

    private Uni<Page<PromptTemplate>> search(String scope, Parameters parameters, Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("from PromptTemplate t where t.deletedAt is null and ").append(scope);
        if (filter.category() != null) {
            where.append(" and t.category = :category");
            parameters.and("category", filter.category());
        }
        if (filter.style() != null) {
            where.append(" and t.style = :style");
            parameters.and("style", filter.style());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and (lower(t.name) like :text or lower(coalesce(t.description, '')) like :text"
                    + " or lower(t.promptText) like :text)");
            parameters.and("text", Rows.containsPattern(filter.text()));
        }
        where.append(" order by ").append(switch (filter.sort() == null ? "recent" : filter.sort()) {
            case "name" -> "lower(t.name) asc";
            case "usage" -> "t.usageCount desc";
            case "success" -> "case when t.imagesAttempted = 0 then -1.0 else 1.0 * t.imagesSucceeded / t.imagesAttempted end desc";
            default -> "t.updatedAt desc";
        }).append(", t.id");
        return Pages.of(templates.find(where.toString(), parameters), page);
    }

    private Uni<PromptTemplate> readable(UUID vendorId, UUID id) {
        return templates.find("id = ?1 and deletedAt is null and (vendorId = ?2 or isPublic = true or marketplaceStatus = 'listed')",
                id, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Template", id));
    }

    /** The caller's own template, or a public one for an admin; a public one for anybody else is 403. */
    private Uni<PromptTemplate> writable(Caller caller, UUID id) {
        return readable(caller.vendorId(), id).map(template -> caller.mayChange(template, template.isPublic, template.vendorId,
                "Template", id, ONLY_ADMINS));
    }

    private Uni<PromptTemplate> persistWithVersion(PromptTemplate template) {
        return templates.persist(template).call(saved -> versions.persist(PromptTemplateVersion.of(saved)));
    }

    private static void apply(PromptTemplate template, TemplateDraft draft) {
        template.name = draft.name().strip();
        template.description = draft.description();
        template.promptText = draft.promptText();
        template.category = draft.category();
        template.style = draft.style();
        template.parameters = draft.parameters() == null ? new HashMap<>() : new HashMap<>(draft.parameters());
        template.variables = TemplateVariables.of(draft.variables());
        template.updatedAt = Instant.now();
    }

    /**
     * Besides the generation parameters the model catalog allows, a template keeps the studio's
     * default style strength for batches made from it (0 to 100; the seed's {@code style_strength}):
     * it is the tuning a batch form starts from, never sent to a provider as a parameter.
     */
    static final String STYLE_STRENGTH = "styleStrength";

    /** Every problem of a draft at once: placeholders, variables, parameters, length for the model. */
    private void check(TemplateDraft draft) {
        List<Problem.FieldError> problems = new ArrayList<>(TemplateRendering.textProblems(draft.promptText(), draft.variables() == null
                ? List.of() : draft.variables()));
        Map<String, Object> parameters = new HashMap<>(draft.parameters() == null ? Map.of() : draft.parameters());
        Object strength = parameters.remove(STYLE_STRENGTH);
        if (strength != null && !(strength instanceof Integer s && s >= 0 && s <= 100)) {
            problems.add(Problem.FieldError.of("parameters." + STYLE_STRENGTH, "must be a whole number from 0 to 100"));
        }
        problems.addAll(catalog.check("parameters", parameters));
        Model model = catalog.modelFor(parameters);
        if (model != null && draft.promptText().length() > model.maxPromptLength()) {
            problems.add(Problem.FieldError.of("promptText", "is " + draft.promptText().length() + " characters; "
                    + model.id() + " takes at most " + model.maxPromptLength()));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.size() + " problem(s) in the template.", problems);
        }
    }

}
