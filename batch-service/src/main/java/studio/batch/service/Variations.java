package studio.batch.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.common.events.Priority;
import studio.common.events.StudioEvent;
import studio.common.json.Canonical;
import studio.common.outbox.Outbox;

/**
 * A/B tests of generation settings: one prompt, 2 to 4 parameter sets (a style or mix, tuning such as
 * style strength and creativity, quality and other parameters), one image each, kept together as one
 * batch of kind {@code variations} on the interactive lane. The vendor rates the images or picks a
 * winner; the statistics say which settings win, per template and per category.
 */
@ApplicationScoped
public class Variations {

    private static final Logger LOG = Logger.getLogger(Variations.class);
    public static final String KIND = "variations";

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final Outbox outbox;
    private final studio.batch.queue.JobQueue queue;
    private final VendorPlans vendorPlans;
    private final studio.batch.queue.Releaser releaser;
    private final Costs costs;
    private final Estimates estimates;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    private final PromptRendering rendering;

    public Variations(GenerationBatchRepository batches, GenerationItemRepository items, Outbox outbox, VendorPlans vendorPlans, studio.batch.queue.JobQueue queue, studio.batch.queue.Releaser releaser,
            Costs costs, Estimates estimates, PromptRendering rendering) {
        this.rendering = rendering;
        this.estimates = estimates;
        this.batches = batches;
        this.items = items;
        this.outbox = outbox;
        this.queue = queue;
        this.vendorPlans = vendorPlans;
        this.releaser = releaser;
        this.costs = costs;
    }

    /** One parameter set: an optional label and a look (a style or mix, tuning and parameters, as a batch takes them). */
    public record Variant(String label, Look look) {
    }

    /** A test as the vendor asks for it; {@code templateId} and {@code category} say what the statistics file it under. */
    public record NewTest(String prompt, UUID templateId, String category, Priority priority, List<Variant> variants) {

        /** Urgent unless the vendor says otherwise: a test is looked at as it runs. */
        Priority priorityOrUrgent() {
            return priority == null ? Priority.URGENT : priority;
        }

        Lane lane() {
            return priorityOrUrgent().lane();
        }
    }

    /** One variant's prompt, parameters for the job, model and estimate once composed. */
    private record Composed(Variant variant, String prompt, Map<String, Object> jobParameters, Model model,
            BigDecimal estimate) {
    }

    /**
     * Starts a test: every variant is checked and composed first (a bad one refuses the whole request
     * naming {@code variations[i]}), then the batch, its images and their jobs commit together.
     */
    public Uni<GenerationBatch> create(UUID vendorId, String authorization, NewTest test) {
        List<Problem.FieldError> problems = new ArrayList<>();
        for (int i = 0; i < test.variants().size(); i++) {
            problems.addAll(catalog.check("variations[" + i + "].parameters", test.variants().get(i).look().parametersOrEmpty()));
        }
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("Some variations are invalid.", problems));
        }
        List<Uni<Composed>> composed = new ArrayList<>();
        for (int i = 0; i < test.variants().size(); i++) {
            composed.add(compose(vendorId, authorization, test.prompt(), test.variants().get(i), i,
                    test.lane()));
        }
        // the test is filed under its template: the caller must be allowed to use it
        return rendering.checkTemplate(vendorId, authorization, test.templateId())
                .chain(() -> Uni.join().all(composed).andFailFast())
                .chain(variants -> Panache.withTransaction(() -> store(vendorId, test, variants)))
                // committed: its jobs need not wait for the releaser's next look
                .invoke(releaser::wake);
    }

    private Uni<Composed> compose(UUID vendorId, String authorization, String prompt, Variant variant, int index, Lane lane) {
        Look look = variant.look();
        Model model = catalog.modelFor(look.parametersOrEmpty());
        var raw = new PromptRendering.Rendered(null, List.of(prompt), look.jobParameters(), null);
        Uni<PromptRendering.Rendered> rendered = look.needsComposition()
                ? rendering.compose(vendorId, authorization, look, raw,
                        field -> "variations[" + index + "]" + (field == null ? "" : "." + field))
                : Uni.createFrom().item(raw);
        return rendered.map(r -> {
            String composed = r.prompts().get(0);
            if (composed.length() > model.maxPromptLength()) {
                throw ProblemException.invalid("A variation's prompt is too long.", List.of(Problem.FieldError.of(
                        "variations[" + index + "]", "the prompt is " + composed.length() + " characters; " + model.id()
                                + " takes at most " + model.maxPromptLength())));
            }
            return new Composed(variant, composed, r.jobParameters(), model, estimates.price(model, lane, r.jobParameters(), composed.length()));
        });
    }

    private Uni<GenerationBatch> store(UUID vendorId, NewTest test, List<Composed> variants) {
        Instant now = Instant.now();
        Priority priority = test.priorityOrUrgent();
        Lane lane = priority.lane();
        GenerationBatch batch = new GenerationBatch();
        batch.id = UUID.randomUUID();
        batch.vendorId = vendorId;
        batch.templateId = test.templateId();
        batch.name = "A/B test";
        batch.status = BatchStatus.PENDING;
        batch.totalImages = variants.size();
        batch.createdAt = now;
        List<GenerationItem> images = new ArrayList<>();
        List<Map<String, Object>> described = new ArrayList<>();
        List<StudioEvent> events = new ArrayList<>();
        List<GenerationJob> jobs = new ArrayList<>();
        events.add(new BatchEvent.Created(batch.id, vendorId, test.templateId(), null, variants.size(), null));
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < variants.size(); i++) {
            Composed v = variants.get(i);
            GenerationItem item = new GenerationItem();
            item.id = UUID.randomUUID();
            item.batchId = batch.id;
            item.vendorId = vendorId;
            item.rowIndex = i;
            item.prompt = v.prompt();
            item.status = ItemStatus.PENDING;
            item.attempt = 1;
            item.parameters = v.jobParameters();
            item.estimatedCostUsd = v.estimate();
            item.createdAt = now;
            item.lane = lane.wireName();
            images.add(item);
            total = total.add(v.estimate());
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("label", v.variant().label() == null ? "Variant " + (char) ('A' + i) : v.variant().label());
            Map<String, Object> settings = v.variant().look().described();
            variant.put("settings", settings);
            variant.put("signature", signature(settings));
            variant.put("itemId", item.id.toString());
            described.add(variant);
            jobs.add(new GenerationJob(item.id, batch.id, vendorId, 1, lane, v.prompt(), v.model().id(), v.jobParameters(), null));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("kind", KIND);
        config.put("prompt", test.prompt());
        config.put("category", test.category());
        config.put("priority", priority.wireName());
        config.put("lane", lane.wireName());
        config.put("variations", described);
        batch.config = config;
        batch.estimatedCostUsd = total;
        return costs.checkBudget(vendorId, total)
                .chain(() -> vendorPlans.checkRoom(vendorId, variants.size(), 1))
                .chain(Panache::getSession)
                .chain(session -> session.persist(batch).chain(session::flush)
                        .chain(() -> session.persistAll(images.toArray())).chain(session::flush))
                .chain(() -> outbox.publishAll(events))
                .chain(() -> queue.enqueue(jobs))
                .invoke(() -> LOG.infof("A/B test %s: %d variation(s) of one prompt", batch.id, variants.size()))
                .replaceWith(batch);
    }

    /** The same settings always read the same, whatever order the vendor wrote them in. */
    static String signature(Map<String, Object> settings) {
        return Canonical.json(settings);
    }

    /** A test with its images in variant order. */
    public record Test(GenerationBatch batch, List<GenerationItem> images) {
    }

    @WithSession
    public Uni<Test> get(UUID vendorId, UUID testId) {
        return batches.find("id = ?1 and vendorId = ?2", testId, vendorId).<GenerationBatch>firstResult()
                .map(b -> b == null || !KIND.equals(kind(b)) ? null : b)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("A/B test", testId))
                .chain(b -> items.list("batchId", Sort.by("rowIndex"), b.id).map(list -> new Test(b, list)));
    }

    /** Picks the test's winner (replacing an earlier pick): one of its completed images; 400 for another image, 409 before it completed. */
    @WithTransaction
    public Uni<Test> pickWinner(UUID vendorId, UUID testId, UUID itemId) {
        return batches.find("id = ?1 and vendorId = ?2", testId, vendorId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .<GenerationBatch>firstResult()
                .map(b -> b == null || !KIND.equals(kind(b)) ? null : b)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("A/B test", testId))
                .chain(b -> items.list("batchId", Sort.by("rowIndex"), b.id).map(list -> {
                    GenerationItem picked = list.stream().filter(i -> i.id.equals(itemId)).findFirst().orElseThrow(() ->
                            ProblemException.invalid("The winner is not one of this test's images.",
                                    List.of(Problem.FieldError.of("itemId", "one of " + list.stream().map(i -> i.id.toString()).toList()))));
                    if (picked.status != ItemStatus.COMPLETED) {
                        throw new Refusal.ImageNotCompleted(itemId, picked.status, "pick a winner among completed images");
                    }
                    Map<String, Object> config = new LinkedHashMap<>(b.config);
                    config.put("winner", itemId.toString());
                    config.put("winnerPickedAt", Instant.now().toString());
                    b.config = config;
                    return new Test(b, list);
                }));
    }

    /**
     * The winning image of a test: the vendor's pick, else its one best-rated image; null while
     * undecided (no pick, and no rating or a tie at the top).
     */
    public static UUID winner(GenerationBatch batch, List<GenerationItem> images) {
        Object picked = batch.config == null ? null : batch.config.get("winner");
        if (picked != null) {
            return UUID.fromString(picked.toString());
        }
        int best = images.stream().filter(i -> i.rating != null).mapToInt(i -> i.rating).max().orElse(0);
        List<GenerationItem> top = images.stream().filter(i -> i.rating != null && i.rating == best).toList();
        return top.size() == 1 ? top.get(0).id : null;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> variants(GenerationBatch batch) {
        Object variants = batch.config == null ? null : batch.config.get("variations");
        return variants instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static String kind(GenerationBatch batch) {
        return batch.config == null ? null : String.valueOf(batch.config.get("kind"));
    }
}
