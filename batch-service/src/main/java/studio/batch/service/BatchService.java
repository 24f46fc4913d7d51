package studio.batch.service;

import java.math.BigDecimal;
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
import studio.batch.product.Products;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Pricing;
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
    private final Costs costs;
    private final Estimates estimates;
    private final Schedules schedules;
    private final Products products;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public BatchService(GenerationBatchRepository batches, GenerationItemRepository items, PromptRendering rendering, ImageCache cache,
            Outbox outbox, Costs costs, Estimates estimates, Schedules schedules, Products products) {
        this.batches = batches;
        this.items = items;
        this.rendering = rendering;
        this.cache = cache;
        this.outbox = outbox;
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
                                scheduledFor))));
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
        batch.status = scheduledFor == null ? GenerationBatch.PENDING : GenerationBatch.SCHEDULED;
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
        for (int i = 0; i < n; i++) {
            cacheKeys[i] = ImageCache.cacheKey(model.id(), prompts.get(i), jobParameters);
        }
        List<UUID> catalogue = request.source() instanceof NewBatch.Products p ? p.productIds() : null;
        Uni<List<UUID>> linked = catalogue != null ? Uni.createFrom().item(catalogue) : products.match(vendorId, prompts);
        return linked.chain(productOf -> cache.earlier(vendorId, cacheKeys).chain(earlier -> {
            UUID[] productIds = productOf.toArray(UUID[]::new);
            String[] productMatches = new String[n];
            for (int i = 0; i < n; i++) {
                productMatches[i] = productIds[i] == null ? null : catalogue != null ? "product" : "prompt";
            }
            UUID[] itemIds = new UUID[n];
            Integer[] rowIndexes = new Integer[n];
            String[] itemEstimates = new String[n];
            String[] names = new String[n];
            String[] statuses = new String[n];
            String[] imageKeys = new String[n];
            String[] thumbnailKeys = new String[n];
            UUID[] cachedFrom = new UUID[n];
            UUID[] regenerationOf = new UUID[n];
            String[] saved = new String[n];
            BigDecimal estimate = BigDecimal.ZERO;
            BigDecimal savedTotal = BigDecimal.ZERO;
            int hits = 0;
            List<StudioEvent> events = new ArrayList<>(n + 4);
            List<StudioEvent> hitEvents = new ArrayList<>();
            List<Integer> linkedHits = new ArrayList<>();
            events.add(new BatchEvent.Created(batch.id, vendorId, batch.templateId, rendered.templateVersion(), batch.totalImages,
                    request.look().styleId()));
            for (int i = 0; i < n; i++) {
                itemIds[i] = UUID.randomUUID();
                rowIndexes[i] = i;
                names[i] = fileNameHint(request.rows() == null ? null : request.rows().get(i).get("product_name"));
                BigDecimal itemEstimate = estimates.price(model, lane, jobParameters, prompts.get(i).length());
                ImageCache.CachedImage hit = earlier.get(cacheKeys[i]);
                if (hit != null && !request.fresh()) {
                    // the vendor already has this image: reuse it, no call, no cost
                    hits++;
                    statuses[i] = GenerationItem.COMPLETED;
                    imageKeys[i] = hit.imageKey();
                    thumbnailKeys[i] = hit.thumbnailKey();
                    cachedFrom[i] = hit.itemId();
                    itemEstimates[i] = "0";
                    saved[i] = itemEstimate.toPlainString();
                    savedTotal = savedTotal.add(itemEstimate);
                    hitEvents.add(new BatchEvent.ItemCompleted(batch.id, vendorId, itemIds[i], i, 1, names[i], now));
                    if (productIds[i] != null) {
                        linkedHits.add(i);
                    }
                    continue;
                }
                statuses[i] = GenerationItem.PENDING;
                regenerationOf[i] = hit == null ? null : hit.itemId();
                itemEstimates[i] = itemEstimate.toPlainString();
                saved[i] = "0";
                estimate = estimate.add(itemEstimate);
                if (scheduledFor == null) {
                    events.add(new GenerationJob(itemIds[i], batch.id, vendorId, 1, lane, prompts.get(i), model.id(), jobParameters,
                            names[i]));
                }
            }
            batch.estimatedCostUsd = estimate;
            if (hits > 0 || request.fresh()) {
                Map<String, Object> cache = new LinkedHashMap<>();
                cache.put("fresh", request.fresh());
                cache.put("hits", hits);
                cache.put("savedUsd", savedTotal.setScale(Pricing.SCALE, java.math.RoundingMode.HALF_UP));
                config.put("cache", cache);
            }
            if (hits > 0) {
                batch.completedImages = hits;
                if (hits == n) {
                    batch.status = GenerationBatch.COMPLETED;
                    batch.completedAt = now;
                } else if (scheduledFor == null) {
                    batch.status = GenerationBatch.PROCESSING;
                }
                if (scheduledFor == null || hits == n) {
                    events.add(new BatchEvent.Started(batch.id, vendorId, batch.totalImages));
                }
                events.addAll(hitEvents);
                events.add(new BatchEvent.Progress(batch.id, vendorId, batch.counters()));
                if (hits == n) {
                    events.add(new BatchEvent.Completed(batch.id, vendorId, batch.counters()));
                }
                LOG.infof("Batch %s: %d of %d image(s) reused from the vendor's identical earlier requests", batch.id, hits, n);
            }
            if (scheduledFor != null && hits < n) {
                // the jobs wait for the release (Schedules)
                events.add(new BatchEvent.Scheduled(batch.id, vendorId, scheduledFor));
            }
            String parametersJson = Canonical.json(jobParameters);
            // the budget first (refusing stores nothing), the batch through Hibernate, its items in one
            // statement (a batch has up to 10,000), then the jobs
            return costs.checkBudget(vendorId, estimate)
                    .chain(Panache::getSession)
                    .chain(session -> session.persist(batch).chain(session::flush))
                    .chain(() -> items.insertAll(batch.id, vendorId, parametersJson, new GenerationItemRepository.NewItems(itemIds,
                            rowIndexes, prompts.toArray(String[]::new), itemEstimates, names, statuses, cacheKeys, imageKeys, thumbnailKeys,
                            cachedFrom, regenerationOf, saved, productIds, productMatches)))
                    .chain(() -> outbox.publishAll(events))
                    .chain(() -> {
                        Uni<Void> announced = Uni.createFrom().voidItem();
                        for (int i : linkedHits) {
                            announced = announced.chain(() -> products.announce(vendorId, productIds[i], itemIds[i], batch.id, names[i],
                                    productMatches[i], now));
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
