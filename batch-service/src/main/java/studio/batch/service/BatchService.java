package studio.batch.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import studio.batch.product.ProductImages;
import studio.batch.repository.BatchStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.Lane;
import studio.common.events.Priority;
import studio.common.json.Canonical;
import studio.common.outbox.Outbox;

/**
 * Making a batch: a request is validated and rendered in full before anything is stored (see
 * {@link PromptRendering}); the batch, its items and their jobs then commit together, images the
 * vendor already has are reused ({@link ImageCache}), and a retried request with the same
 * Idempotency-Key answers the batch it made.
 */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final PromptRendering rendering;
    private final ImageCache cache;
    private final Outbox outbox;
    private final studio.batch.queue.JobQueue queue;
    private final VendorPlans vendorPlans;
    private final studio.batch.queue.Releaser releaser;
    private final Costs costs;
    private final Estimates estimates;
    private final Schedules schedules;
    private final ProductImages products;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public BatchService(GenerationBatchRepository batches, GenerationItemRepository items, PromptRendering rendering, ImageCache cache,
            Outbox outbox, VendorPlans vendorPlans, studio.batch.queue.JobQueue queue, studio.batch.queue.Releaser releaser, Costs costs, Estimates estimates, Schedules schedules, ProductImages products) {
        this.batches = batches;
        this.items = items;
        this.rendering = rendering;
        this.cache = cache;
        this.outbox = outbox;
        this.queue = queue;
        this.vendorPlans = vendorPlans;
        this.releaser = releaser;
        this.costs = costs;
        this.estimates = estimates;
        this.schedules = schedules;
        this.products = products;
    }

    /** A batch as a POST answers it: {@code replayed} when an earlier request with the same Idempotency-Key made it. */
    public record Created(GenerationBatch batch, boolean replayed) {
    }

    /**
     * Creates a batch, or with an {@code idempotencyKey} the vendor used before for the same request,
     * answers the batch that request made (even when both arrive at once); the same key with another
     * request is a 422.
     */
    public Uni<Created> create(UUID vendorId, String authorization, String idempotencyKey, NewBatch request) {
        if (idempotencyKey == null) {
            return create(vendorId, authorization, request, null, null).map(b -> new Created(b, false));
        }
        String hash = requestHash(request);
        return byIdempotencyKey(vendorId, idempotencyKey).chain(existing -> existing != null
                ? Uni.createFrom().item(() -> replay(existing, idempotencyKey, hash))
                : create(vendorId, authorization, request, idempotencyKey, hash).map(b -> new Created(b, false))
                        .onFailure(BatchService::isIdempotencyConflict).recoverWithUni(() -> byIdempotencyKey(vendorId, idempotencyKey)
                                .map(raced -> replay(raced, idempotencyKey, hash))));
    }

    private Uni<GenerationBatch> byIdempotencyKey(UUID vendorId, String key) {
        return Panache.withSession(() -> batches.find("vendorId = ?1 and idempotencyKey = ?2", vendorId, key).firstResult());
    }

    private static Created replay(GenerationBatch existing, String key, String hash) {
        if (!hash.equals(existing.requestHash)) {
            throw new Refusal.IdempotencyKeyReused(key, existing.id);
        }
        return new Created(existing, true);
    }

    private static boolean isIdempotencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("idx_generation_batches_idempotency")) {
                return true;
            }
        }
        return false;
    }

    /** SHA-256 of the request in canonical JSON. */
    static String requestHash(NewBatch request) {
        return Canonical.sha256(Canonical.bytes(request));
    }

    /**
     * Validates the request, renders every row through template-service (and style-service) in one
     * bulk call each, and stores the batch, its items and their jobs in one transaction. Any bad row
     * refuses the whole request with every error listed; nothing is stored then. A single image
     * ({@code prompt} instead of rows) skips the template.
     */
    private Uni<GenerationBatch> create(UUID vendorId, String authorization, NewBatch request, String idempotencyKey,
            String requestHash) {
        Map<String, Object> parameters = request.look().parametersOrEmpty();
        List<Problem.FieldError> errors = new ArrayList<>(catalog.check("parameters", parameters));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The generation parameters are invalid.", errors));
        }
        Model model = catalog.modelFor(parameters);
        UUID basedOn = request.source() instanceof NewBatch.Single single ? single.basedOn() : null;
        return rendering.checkBasedOn(vendorId, basedOn).chain(() -> rendering.render(vendorId, authorization, request))
                .map(rendered -> {
                    List<Problem.FieldError> tooLong = PromptRendering.overLimit(rendered.prompts(), model, request);
                    if (!tooLong.isEmpty()) {
                        throw ProblemException.invalid(tooLong.size() + " row(s) cannot be generated.", tooLong);
                    }
                    return rendered;
                })
                .chain(rendered -> Panache.withTransaction(() -> schedules.resolve(vendorId, request.schedule())
                        .chain(scheduledFor -> store(vendorId, request, parameters, model, rendered, idempotencyKey, requestHash,
                                scheduledFor)))
                        // committed: its jobs need not wait for the releaser's next look
                        .invoke(releaser::wake));
    }

    private Uni<GenerationBatch> store(UUID vendorId, NewBatch request, Map<String, Object> parameters,
            Model model, PromptRendering.Rendered rendered, String idempotencyKey, String requestHash, Instant scheduledFor) {
        List<String> prompts = rendered.prompts();
        // scheduled work is bulk work unless the request says otherwise
        Priority priority = request.priority() != null ? request.priority() : scheduledFor != null ? Priority.BULK : Priority.NORMAL;
        Lane lane = priority.lane();
        Instant now = Instant.now();
        GenerationBatch batch = new GenerationBatch();
        batch.id = UUID.randomUUID();
        batch.vendorId = vendorId;
        batch.templateId = request.source().templateId();
        batch.name = request.name();
        batch.status = scheduledFor == null ? BatchStatus.PENDING : BatchStatus.SCHEDULED;
        batch.scheduledFor = scheduledFor;
        batch.totalImages = prompts.size();
        batch.createdAt = now;
        batch.idempotencyKey = idempotencyKey;
        batch.requestHash = requestHash;
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> look = request.look().described();
        config.put("kind", request.source() instanceof NewBatch.Single ? "single" : "batch");
        if (request.source() instanceof NewBatch.Single single && single.basedOn() != null) {
            config.put("basedOn", single.basedOn().toString());
        }
        config.put("templateVersion", rendered.templateVersion());
        config.put("styleId", request.look().styleId());
        if (look.containsKey("mix")) {
            config.put("mix", look.get("mix"));
        }
        if (request.look().tuning() != null) {
            config.put("tuning", request.look().tuning());
        }
        config.put("parameters", parameters);
        if (rendered.composition() != null) {
            config.put("applied", rendered.composition().applied());
            config.put("conflicts", rendered.composition().conflicts());
        }
        config.put("priority", priority.wireName());
        config.put("lane", lane.wireName());
        batch.config = config;

        Map<String, Object> jobParameters = rendered.jobParameters();
        int n = prompts.size();
        String[] cacheKeys = new String[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            cacheKeys[i] = ImageCache.cacheKey(model.id(), prompts.get(i), jobParameters);
            names[i] = fileNameHint(request.rows() == null ? null : request.rows().get(i).get("product_name"));
        }
        List<UUID> catalogue = request.source() instanceof NewBatch.Products p ? p.productIds() : null;
        Uni<List<UUID>> linked = catalogue != null ? Uni.createFrom().item(catalogue) : products.match(vendorId, prompts);
        return linked.chain(productOf -> cache.earlier(vendorId, cacheKeys).chain(earlier -> {
            UUID[] productIds = productOf.toArray(UUID[]::new);
            String[] productMatches = new String[n];
            for (int i = 0; i < n; i++) {
                productMatches[i] = productIds[i] == null ? null : catalogue != null ? "product" : "prompt";
            }
            ItemPlan plan = ItemPlan.of(new ItemPlan.Inputs(batch, rendered.templateVersion(), request.look().styleId(), model, lane,
                    jobParameters, prompts, cacheKeys, names, productIds, productMatches, earlier, request.fresh(), now), estimates);
            plan.applyTo(batch, now);
            if (plan.hits() > 0) {
                LOG.infof("Batch %s: %d of %d image(s) reused from the vendor's identical earlier requests", batch.id, plan.hits(), n);
            }
            // the budget first (refusing stores nothing), the batch through Hibernate, its items in one
            // statement (a batch has up to 10,000), then the jobs
            boolean running = batch.status == BatchStatus.PENDING || batch.status == BatchStatus.PROCESSING;
            return costs.checkBudget(vendorId, plan.estimate)
                    .chain(() -> vendorPlans.checkRoom(vendorId, batch.totalImages - plan.hits(), running ? 1 : 0))
                    .chain(Panache::getSession)
                    .chain(session -> session.persist(batch).chain(session::flush))
                    .chain(() -> items.insertAll(batch.id, vendorId, lane.wireName(), Canonical.json(jobParameters), plan.items))
                    .chain(() -> outbox.publishAll(plan.events))
                    .chain(() -> queue.enqueue(plan.jobs))
                    .chain(() -> {
                        Uni<Void> announced = Uni.createFrom().voidItem();
                        for (int i : plan.linkedHits) {
                            announced = announced.chain(() -> products.announce(vendorId, productIds[i], plan.items.ids()[i], batch.id,
                                    names[i], productMatches[i], now));
                        }
                        return announced;
                    })
                    .replaceWith(batch);
        }));
    }

    /** A row's product name as a hint for its image's file name (the first 255 characters; it names a file, it is not data). */
    private static String fileNameHint(String productName) {
        if (productName == null || productName.isBlank()) {
            return null;
        }
        String name = productName.strip();
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    /** A single image as its POST answers it: the item to follow and whether a retry with the same key replayed it. */
    public record CreatedSingle(GenerationItem item, boolean replayed) {
    }

    /** Creates a single image (a batch of one on the request's lane, interactive by default); see {@link #create}. */
    public Uni<CreatedSingle> createSingle(UUID vendorId, String authorization, String idempotencyKey, NewBatch request) {
        return create(vendorId, authorization, idempotencyKey, request).chain(created -> Panache.withSession(
                () -> items.find("batchId", created.batch().id).firstResult()).map(item -> new CreatedSingle(item, created.replayed())));
    }
}
