package studio.batch.service;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.client.BulkPeers;
import studio.batch.client.PeerErrors;
import studio.batch.product.Products;
import studio.batch.client.StyleClient;
import studio.batch.client.TemplateClient;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.catalog.ModelCatalog;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.StudioEvent;
import studio.common.outbox.Outbox;
import studio.common.persistence.NativeSql;

/**
 * The batch lifecycle: a request is validated and rendered in full before anything is stored; the
 * batch, its items and its jobs then commit together; results are applied once each.
 */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;
    private final TemplateClient templates;
    private final BulkPeers bulk;
    private final Outbox outbox;
    private final Costs costs;
    private final Estimates estimates;
    private final Schedules schedules;
    private final Products products;
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    public BatchService(GenerationBatchRepository batches, GenerationItemRepository items, @RestClient TemplateClient templates,
            BulkPeers bulk, Outbox outbox, Costs costs, Estimates estimates, Schedules schedules, Products products) {
        this.schedules = schedules;
        this.products = products;
        this.batches = batches;
        this.items = items;
        this.templates = templates;
        this.bulk = bulk;
        this.outbox = outbox;
        this.costs = costs;
        this.estimates = estimates;
    }

    /** A batch request as the vendor sent it (already checked for shape by the resource). */
    public record NewBatch(String name, UUID templateId, UUID styleId, List<StyleClient.MixPart> mix,
            Map<String, Object> tuning, Map<String, Object> parameters, String priority, List<Map<String, String>> rows,
            String prompt, UUID basedOn, Integer templateVersion, boolean fromProducts, Schedules.Schedule schedule, boolean fresh,
            List<UUID> productIds) {

        /** A batch request made of rows for a template. */
        public static NewBatch ofRows(String name, UUID templateId, UUID styleId, List<StyleClient.MixPart> mix,
                Map<String, Object> tuning, Map<String, Object> parameters, String priority, List<Map<String, String>> rows) {
            return new NewBatch(name, templateId, styleId, mix, tuning, parameters, priority, rows, null, null, null, false, null, false, null);
        }

        /**
         * A batch request made of products: each product's variables fill one row; the variables a
         * product has but the template does not use are left out rather than refused.
         */
        public static NewBatch ofProducts(String name, UUID templateId, UUID styleId, List<StyleClient.MixPart> mix,
                Map<String, Object> tuning, Map<String, Object> parameters, String priority, List<Map<String, String>> rows) {
            return new NewBatch(name, templateId, styleId, mix, tuning, parameters, priority, rows, null, null, null, true, null, false, null);
        }

        /** A single image from a ready prompt (optionally remembering the template and the history entry it came from). */
        public static NewBatch single(String prompt, UUID templateId, Integer templateVersion, UUID basedOn, UUID styleId,
                List<StyleClient.MixPart> mix, Map<String, Object> tuning, Map<String, Object> parameters, String priority) {
            return new NewBatch("Single image", templateId, styleId, mix, tuning, parameters, priority == null ? "urgent" : priority,
                    null, prompt, basedOn, templateVersion, false, null, false, null);
        }

        /** This request, run at a time or in the vendor's off-peak window instead of at once (null: at once). */
        public NewBatch scheduled(Schedules.Schedule when) {
            return new NewBatch(name, templateId, styleId, mix, tuning, parameters, priority, rows, prompt, basedOn, templateVersion,
                    fromProducts, when, fresh, productIds);
        }

        /**
         * This request with {@code fresh}: true generates every image anew even where the vendor
         * already has one for the identical request; false (the default) reuses such images.
         */
        public NewBatch fresh(boolean fresh) {
            return new NewBatch(name, templateId, styleId, mix, tuning, parameters, priority, rows, prompt, basedOn, templateVersion,
                    fromProducts, schedule, fresh, productIds);
        }

        /** This request's rows are these catalogue products, in order: each image is linked to its product. */
        public NewBatch forProducts(List<UUID> ids) {
            return new NewBatch(name, templateId, styleId, mix, tuning, parameters, priority, rows, prompt, basedOn, templateVersion,
                    fromProducts, schedule, fresh, ids);
        }

        boolean isSingle() {
            return prompt != null;
        }

        boolean needsComposition() {
            return styleId != null || mix != null || (tuning != null && !tuning.isEmpty());
        }
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
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "The Idempotency-Key " + key + " was used for a different request (batch " + existing.id
                            + "); use a new key for a new request.", null);
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

    /** JSON with properties and map keys sorted: the same request always gives the same bytes. */
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    /** A value as canonical JSON: what compares equal serialises equal (request hashes, cache keys, A/B settings). */
    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the value cannot be written as JSON", e);
        }
    }

    /** SHA-256 of the request in a canonical JSON form (properties and map keys sorted). */
    static String requestHash(NewBatch request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the request cannot be hashed", e);
        }
    }

    /**
     * Validates the request, renders every row through template-service (and style-service) in one
     * bulk call each, and stores the batch, its items and their jobs in one transaction. Any bad row
     * refuses the whole request with every error listed; nothing is stored then. A single image
     * ({@code prompt} instead of rows) skips the template.
     */
    private Uni<GenerationBatch> create(UUID vendorId, String authorization, NewBatch request, String idempotencyKey,
            String requestHash) {
        Map<String, Object> parameters = request.parameters() == null ? Map.of() : request.parameters();
        List<Problem.FieldError> errors = new ArrayList<>(catalog.check("parameters", parameters));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("The generation parameters are invalid.", errors));
        }
        ModelCatalog.Model model = catalog.modelFor(parameters);
        return checkBasedOn(vendorId, request.basedOn()).chain(() -> render(vendorId, authorization, request))
                .map(rendered -> {
                    List<Problem.FieldError> tooLong = overLimit(rendered.prompts(), model, request);
                    if (!tooLong.isEmpty()) {
                        throw ProblemException.invalid(tooLong.size() + " row(s) cannot be generated.", tooLong);
                    }
                    return rendered;
                })
                .chain(rendered -> Panache.withTransaction(() -> schedules.resolve(vendorId, request.schedule())
                        .chain(scheduledFor -> store(vendorId, request, parameters, model, rendered, idempotencyKey, requestHash,
                                scheduledFor))));
    }

    /**
     * The prompts of a batch, the template version they were rendered with, the parameters every
     * job carries, and the composition's report (null without a style, mix or tuning).
     */
    private record Rendered(Integer templateVersion, List<String> prompts, Map<String, Object> jobParameters,
            StyleClient.Composition composition) {
    }

    private Uni<Rendered> render(UUID vendorId, String authorization, NewBatch request) {
        Uni<Rendered> rendered = request.isSingle()
                ? checkTemplate(vendorId, authorization, request.templateId()).map(ok -> new Rendered(request.templateVersion(),
                        List.of(request.prompt().strip()), withoutModel(request.parameters()), null))
                : renderTemplate(vendorId, authorization, request).map(report -> {
                    List<Problem.FieldError> rowErrors = rowProblems(report, request.fromProducts());
                    if (!rowErrors.isEmpty()) {
                        throw ProblemException.invalid(report.invalidRows() + " row(s) do not fit the template.", rowErrors);
                    }
                    return new Rendered(report.version(), report.rows().stream().map(TemplateClient.RenderedRow::prompt).toList(),
                            withoutModel(request.parameters()), null);
                });
        return request.needsComposition() ? rendered.chain(r -> compose(vendorId, authorization, request, r)) : rendered;
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
    private Uni<Void> checkBasedOn(UUID vendorId, UUID basedOn) {
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
    private Uni<TemplateClient.RenderReport> renderTemplate(UUID vendorId, String authorization, NewBatch request) {
        return bulk.render(authorization, vendorId.toString(), request.templateId(), request.rows())
                .onFailure(PeerErrors.PeerNotFound.class).transform(e -> ProblemException.invalid("The template does not exist.",
                        List.of(Problem.FieldError.of("templateId", "no template " + request.templateId() + " for this vendor"))));
    }

    /** style-service's bulk composition of the rendered prompts (style or mix, tuning). */
    private Uni<Rendered> compose(UUID vendorId, String authorization, NewBatch request, Rendered rendered) {
        return bulk.compose(authorization, vendorId.toString(), new StyleClient.ComposeRequest(rendered.prompts(), request.styleId(), request.mix(),
                request.tuning(), request.parameters()))
                .onFailure(PeerErrors.PeerRejected.class).transform(e -> asOwnProblem((PeerErrors.PeerRejected) e, request))
                .map(composition -> new Rendered(rendered.templateVersion(), composition.prompts(), composition.parameters(),
                        composition));
    }

    /**
     * Every row's missing and unknown variables; for products ({@code products[i]}) only the missing
     * ones, since a product carries fields the template need not use.
     */
    private static List<Problem.FieldError> rowProblems(TemplateClient.RenderReport report, boolean fromProducts) {
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

    /** The request's field for its i-th prompt: {@code prompt} for a single image, else {@code rows[i]} or {@code products[i]}. */
    private static String promptField(NewBatch request, int i) {
        return request.isSingle() ? "prompt" : (request.fromProducts() ? "products[" : "rows[") + i + "]";
    }

    /** The prompts longer than the model takes. */
    private static List<Problem.FieldError> overLimit(List<String> prompts, ModelCatalog.Model model, NewBatch request) {
        List<Problem.FieldError> problems = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length() > model.maxPromptLength()) {
                problems.add(Problem.FieldError.of(promptField(request, i), "the prompt is " + prompts.get(i).length()
                        + " characters; " + model.id() + " takes at most " + model.maxPromptLength()));
            }
        }
        return problems;
    }

    private static final java.util.regex.Pattern PEER_PROMPT = java.util.regex.Pattern.compile("^prompts\\[(\\d+)\\]");

    /** style-service's refusal in the batch's own terms: its prompts[i] are the batch's i-th prompt. */
    private static RuntimeException asOwnProblem(PeerErrors.PeerRejected rejected, NewBatch request) {
        return rejected.problem().<RuntimeException>map(problem -> ProblemException.invalid(problem.detail(),
                problem.errors() == null ? List.of() : problem.errors().stream()
                        .map(e -> Problem.FieldError.of(e.field() == null ? null
                                : PEER_PROMPT.matcher(e.field()).replaceFirst(m -> promptField(request, Integer.parseInt(m.group(1)))),
                                e.message()))
                        .toList()))
                .orElse(rejected);
    }

    private static Map<String, Object> withoutModel(Map<String, Object> parameters) {
        Map<String, Object> jobParameters = new HashMap<>(parameters == null ? Map.of() : parameters);
        jobParameters.remove("model");
        return jobParameters;
    }

    private Uni<GenerationBatch> store(UUID vendorId, NewBatch request, Map<String, Object> parameters,
            ModelCatalog.Model model, Rendered rendered, String idempotencyKey, String requestHash, Instant scheduledFor) {
        List<String> prompts = rendered.prompts();
        // scheduled work is bulk work unless the request says otherwise
        String priority = request.priority() != null ? request.priority() : scheduledFor != null ? "bulk" : "normal";
        Lane lane = Lane.forPriority(priority);
        Instant now = Instant.now();
        GenerationBatch batch = new GenerationBatch();
        batch.id = UUID.randomUUID();
        batch.vendorId = vendorId;
        batch.templateId = request.templateId();
        batch.name = request.name();
        batch.status = scheduledFor == null ? GenerationBatch.PENDING : GenerationBatch.SCHEDULED;
        batch.scheduledFor = scheduledFor;
        batch.totalImages = prompts.size();
        batch.createdAt = now;
        batch.idempotencyKey = idempotencyKey;
        batch.requestHash = requestHash;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("kind", request.isSingle() ? "single" : "batch");
        if (request.basedOn() != null) {
            config.put("basedOn", request.basedOn().toString());
        }
        config.put("templateVersion", rendered.templateVersion());
        config.put("styleId", request.styleId());
        if (request.mix() != null) {
            config.put("mix", request.mix().stream()
                    .map(part -> Map.of("styleId", String.valueOf(part.styleId()), "weight", part.weight())).toList());
        }
        if (request.tuning() != null) {
            config.put("tuning", request.tuning());
        }
        config.put("parameters", parameters);
        if (rendered.composition() != null) {
            config.put("applied", rendered.composition().applied());
            config.put("conflicts", rendered.composition().conflicts());
        }
        config.put("priority", priority);
        config.put("lane", lane.wireName());
        batch.config = config;

        Map<String, Object> jobParameters = rendered.jobParameters();
        int n = prompts.size();
        String[] cacheKeys = new String[n];
        for (int i = 0; i < n; i++) {
            cacheKeys[i] = cacheKey(model.id(), prompts.get(i), jobParameters);
        }
        Uni<List<UUID>> linked = request.productIds() != null ? Uni.createFrom().item(request.productIds())
                : products.match(vendorId, prompts);
        return linked.chain(productOf -> cached(vendorId, cacheKeys).chain(earlier -> {
            UUID[] productIds = productOf.toArray(UUID[]::new);
            String[] productMatches = new String[n];
            for (int i = 0; i < n; i++) {
                productMatches[i] = productIds[i] == null ? null : request.productIds() != null ? "product" : "prompt";
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
                    request.styleId()));
            for (int i = 0; i < n; i++) {
                itemIds[i] = UUID.randomUUID();
                rowIndexes[i] = i;
                names[i] = fileNameHint(request.rows() == null ? null : request.rows().get(i).get("product_name"));
                BigDecimal itemEstimate = estimates.price(model, lane, jobParameters, prompts.get(i).length());
                CachedImage hit = earlier.get(cacheKeys[i]);
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
                cache.put("savedUsd", savedTotal.setScale(ModelCatalog.Pricing.SCALE, java.math.RoundingMode.HALF_UP));
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
                events.add(new BatchEvent.Progress(batch.id, vendorId, counters(batch)));
                if (hits == n) {
                    events.add(new BatchEvent.Completed(batch.id, vendorId, counters(batch)));
                }
                LOG.infof("Batch %s: %d of %d image(s) reused from the vendor's identical earlier requests", batch.id, hits, n);
            }
            if (scheduledFor != null && hits < n) {
                // the jobs wait for the release (Schedules)
                events.add(new BatchEvent.Scheduled(batch.id, vendorId, scheduledFor));
            }
            String parametersJson = canonical(jobParameters);
            // the budget first (refusing stores nothing), the batch through Hibernate, its items in one
            // statement (a batch has up to 10,000), then the jobs
            return costs.checkBudget(vendorId, estimate)
                    .chain(Panache::getSession)
                    .chain(session -> session.persist(batch).chain(session::flush))
                    .chain(() -> NativeSql.update("INSERT INTO generation_queue (id, batch_id, vendor_id, row_index, prompt, status, attempt,"
                            + " parameters, estimated_cost_usd, name, cache_key, image_key, thumbnail_key, cached_from, regeneration_of,"
                            + " saved_usd, product_id, product_match, created_at, processed_at)"
                            + " SELECT i.id, ?2, ?3, i.row_index, i.prompt, i.status, 1, cast(cast(?6 AS text) AS jsonb), i.estimate, i.name,"
                            + " i.cache_key, i.image_key, i.thumbnail_key, i.cached_from, i.regeneration_of, i.saved, i.product_id,"
                            + " i.product_match, now(),"
                            + " CASE WHEN i.status = 'completed' THEN now() END"
                            + " FROM unnest(cast(?1 AS uuid[]), cast(?4 AS int[]), cast(?5 AS text[]), cast(cast(?7 AS text[]) AS numeric[]),"
                            + " cast(?8 AS text[]), cast(?9 AS text[]), cast(?10 AS text[]), cast(?11 AS text[]), cast(?12 AS text[]),"
                            + " cast(?13 AS uuid[]), cast(?14 AS uuid[]), cast(cast(?15 AS text[]) AS numeric[]), cast(?16 AS uuid[]),"
                            + " cast(?17 AS text[]))"
                            + " AS i(id, row_index, prompt, estimate, name, status, cache_key, image_key, thumbnail_key, cached_from,"
                            + " regeneration_of, saved, product_id, product_match)",
                            itemIds, batch.id, vendorId, rowIndexes, prompts.toArray(String[]::new), parametersJson, itemEstimates, names,
                            statuses, cacheKeys, imageKeys, thumbnailKeys, cachedFrom, regenerationOf, saved, productIds, productMatches))
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

    /** One of the vendor's completed images that a new identical request can reuse. */
    record CachedImage(UUID itemId, String imageKey, String thumbnailKey) {
    }

    /** The offline renderer's name on results: its images are stand-ins, never reused as real ones. */
    static final String PLACEHOLDER = "placeholder";

    /**
     * The vendor's latest completed, generated (not itself reused, nor an offline placeholder) image
     * for each of these cache keys. Images are the vendor's own: the cache never crosses vendors.
     */
    private Uni<Map<String, CachedImage>> cached(UUID vendorId, String[] cacheKeys) {
        String[] distinct = java.util.Arrays.stream(cacheKeys).distinct().toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT DISTINCT ON (cache_key) cache_key, cast(q.id AS text), image_key, thumbnail_key FROM generation_queue q"
                        + " WHERE q.vendor_id = ?1 AND cache_key = ANY(cast(?2 AS text[])) AND q.status = 'completed' AND cached_from IS NULL"
                        + " AND image_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cost_ledger l WHERE l.item_id = q.id"
                        + " AND l.provider = '" + PLACEHOLDER + "') ORDER BY cache_key, processed_at DESC", Object[].class)
                .setParameter(1, vendorId).setParameter(2, distinct).getResultList())
                .map(rows -> {
                    Map<String, CachedImage> found = new HashMap<>();
                    for (Object[] row : rows) {
                        found.put((String) row[0], new CachedImage(UUID.fromString((String) row[1]), (String) row[2], (String) row[3]));
                    }
                    return found;
                });
    }

    /**
     * The cache key of one image request: SHA-256 of the model, the normalised prompt (Unicode NFC,
     * white space collapsed, lower case) and the parameters in canonical JSON (a seed among them).
     */
    static String cacheKey(String model, String prompt, Map<String, Object> parameters) {
        String normalised = java.text.Normalizer.normalize(prompt, java.text.Normalizer.Form.NFC).strip()
                .replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(model.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(normalised.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(CANONICAL.writeValueAsBytes(parameters == null ? Map.of() : parameters));
            return HexFormat.of().formatHex(digest.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the request cannot be hashed", e);
        }
    }

    /** A row's product name as a hint for its image's file name (the first 255 characters; it names a file, it is not data). */
    private static String fileNameHint(String productName) {
        if (productName == null || productName.isBlank()) {
            return null;
        }
        String name = productName.strip();
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    @WithSession
    public Uni<GenerationBatch> get(UUID vendorId, UUID batchId) {
        return batches.find("id = ?1 and vendorId = ?2", batchId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Batch", batchId));
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
        Map<String, Object> parameters = request.parameters() == null ? Map.of() : request.parameters();
        List<Problem.FieldError> problems = new ArrayList<>(catalog.check("parameters", parameters));
        if (!problems.isEmpty()) {
            return Uni.createFrom().item(new Preview(request.rows().size(), null, List.of(), problems, null, null, null));
        }
        ModelCatalog.Model model = catalog.modelFor(parameters);
        return renderTemplate(vendorId, authorization, request).chain(report -> {
            List<String> prompts = report.rows().stream().map(TemplateClient.RenderedRow::prompt).toList();
            problems.addAll(rowProblems(report, request.fromProducts()));
            problems.addAll(overLimit(prompts, model, request));
            Rendered first = new Rendered(report.version(), prompts.subList(0, Math.min(sample, prompts.size())),
                    withoutModel(request.parameters()), null);
            // only the sample is composed: the template has rendered every row once already
            Uni<Rendered> composed = request.needsComposition()
                    ? compose(vendorId, authorization, request, first).onFailure(ProblemException.class).recoverWithItem(e -> {
                        problems.addAll(((ProblemException) e).errors());
                        return null;
                    })
                    : Uni.createFrom().item(first);
            return composed.chain(sampled -> sampled == null
                    ? Uni.createFrom().item(new Preview(prompts.size(), report.version(), List.of(), problems, null, null, null))
                    : priced(vendorId, model, Lane.forPriority(request.priority()), prompts, first, sampled, problems));
        });
    }

    /**
     * The preview with its estimate: every row priced as the batch would be, its prompt grown by
     * what the composition added to the sample on average; the time behind the current backlog; and
     * a problem when the estimate does not fit the vendor's budget.
     */
    private Uni<Preview> priced(UUID vendorId, ModelCatalog.Model model, Lane lane, List<String> prompts, Rendered raw, Rendered sampled,
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
        return Panache.withSession(() -> estimates.fleet().chain(fleet -> costs.budget(vendorId).map(budget -> {
            if (budget.remainingUsd() != null && total.compareTo(budget.remainingUsd()) > 0) {
                problems.add(Problem.FieldError.of("budget", "estimated at $" + total.toPlainString() + "; $"
                        + budget.remainingUsd().toPlainString() + " of the monthly budget of $" + budget.monthlyLimitUsd().toPlainString()
                        + " is left"));
            }
            return new Preview(prompts.size(), sampled.templateVersion(), sampled.prompts(), problems, total,
                    fleet.secondsFor(prompts.size()), budget);
        })));
    }

    /** A single image as its POST answers it: the item to follow and whether a retry with the same key replayed it. */
    public record CreatedSingle(GenerationItem item, boolean replayed) {
    }

    /** Creates a single image (a batch of one on the request's lane, interactive by default); see {@link #create}. */
    public Uni<CreatedSingle> createSingle(UUID vendorId, String authorization, String idempotencyKey, NewBatch request) {
        return create(vendorId, authorization, idempotencyKey, request).chain(created -> Panache.withSession(
                () -> items.find("batchId", created.batch().id).firstResult()).map(item -> new CreatedSingle(item, created.replayed())));
    }

    /** One of the vendor's items (a single image or a batch's), else 404. */
    @WithSession
    public Uni<GenerationItem> item(UUID vendorId, UUID itemId) {
        return items.find("id = ?1 and vendorId = ?2", itemId, vendorId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Image", itemId));
    }

    /**
     * Rates one of the vendor's completed images from 1 to 5, or with null takes the rating back, and
     * announces {@code item.rated}; 409 for an image that has not completed.
     */
    @WithTransaction
    public Uni<GenerationItem> rate(UUID vendorId, UUID itemId, Integer rating) {
        return items.find("id = ?1 and vendorId = ?2", itemId, vendorId).<GenerationItem>firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Image", itemId))
                .chain(item -> {
                    if (!GenerationItem.COMPLETED.equals(item.status)) {
                        throw new ProblemException(409, "image-not-completed", "Image not completed",
                                "Image " + itemId + " is " + item.status + "; only a completed image can be rated.", null);
                    }
                    Instant now = Instant.now();
                    item.rating = rating;
                    item.ratedAt = rating == null ? null : now;
                    // template-service counts ratings per template (its success metrics and recommendations)
                    return outbox.publish(new BatchEvent.ItemRated(item.batchId, vendorId, item.id, rating, now)).replaceWith(item);
                });
    }

    /** The statuses a batch can have, for filtering. */
    public static final List<String> BATCH_STATUSES = List.of(GenerationBatch.PENDING, GenerationBatch.SCHEDULED,
            GenerationBatch.PROCESSING, GenerationBatch.COMPLETED, GenerationBatch.FAILED, GenerationBatch.CANCELLED);

    /** The statuses an item can have, for filtering. */
    public static final List<String> ITEM_STATUSES = List.of(GenerationItem.PENDING, GenerationItem.PROCESSING,
            GenerationItem.COMPLETED, GenerationItem.FAILED, GenerationItem.CANCELLED);

    /** The items of one of the vendor's batches (404 for another vendor's), optionally of one status. */
    @WithSession
    public Uni<Page<GenerationItem>> items(UUID vendorId, UUID batchId, String status, PageRequest page) {
        if (status != null && !ITEM_STATUSES.contains(status)) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown item status.", List.of(Problem.FieldError.of("status",
                    "must be one of " + String.join(", ", ITEM_STATUSES)))));
        }
        return get(vendorId, batchId).chain(batch -> items.listForBatch(batch.id, status, page));
    }

    /** One item of one of the vendor's batches (the link item events carry), else 404. */
    @WithSession
    public Uni<GenerationItem> item(UUID vendorId, UUID batchId, UUID itemId) {
        return get(vendorId, batchId).chain(batch -> items.find("id = ?1 and batchId = ?2", itemId, batch.id).<GenerationItem>firstResult())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Item", itemId));
    }

    /**
     * Cancels one of the vendor's batches: every item that has not ended is cancelled (workers skip
     * its job; a result that still arrives changes nothing), the batch ends as {@code cancelled} with
     * its true counters, and {@code batch.cancelled} is announced. Cancelling a cancelled batch again
     * answers it unchanged; a batch that has already ended otherwise is a 409.
     */
    @WithTransaction
    public Uni<GenerationBatch> cancel(UUID vendorId, UUID batchId) {
        return get(vendorId, batchId).chain(batch -> {
            if (GenerationBatch.CANCELLED.equals(batch.status)) {
                return Uni.createFrom().item(batch);
            }
            if (GenerationBatch.COMPLETED.equals(batch.status) || GenerationBatch.FAILED.equals(batch.status)) {
                return Uni.createFrom().failure(new ProblemException(409, "batch-ended", "Batch already ended",
                        "Batch " + batchId + " has already ended as " + batch.status + "; there is nothing to cancel.", null));
            }
            // items first, then the batch: the order in which results lock them too
            return NativeSql.update("UPDATE generation_queue SET status = 'cancelled', processed_at = now()"
                    + " WHERE batch_id = ?1 AND status IN ('pending', 'processing')", batchId)
                    // re-read under the lock: results may have moved the counters since the batch was read
                    .chain(cancelled -> Panache.getSession().chain(session -> session.refresh(batch, LockModeType.PESSIMISTIC_WRITE))
                            .replaceWith(batch).chain(locked -> {
                        locked.cancelledImages += cancelled;
                        locked.status = GenerationBatch.CANCELLED;
                        locked.completedAt = Instant.now();
                        LOG.infof("Batch %s cancelled: %d item(s) will not run", batchId, cancelled);
                        return outbox.publish(new BatchEvent.Cancelled(locked.id, locked.vendorId, counters(locked)))
                                .replaceWith(locked);
                    }));
        });
    }

    /** What a retry did: the batch afterwards and how many failed items went back to the queue. */
    public record Retried(GenerationBatch batch, int items) {
    }

    /**
     * Puts the failed items of one of the vendor's batches back in the queue as new attempts (the
     * same prompt and parameters; a result of an earlier attempt changes nothing any more). The batch
     * runs again until they end. 409 for a cancelled batch or one without failed items.
     */
    @WithTransaction
    @SuppressWarnings("unchecked")
    public Uni<Retried> retry(UUID vendorId, UUID batchId) {
        return locked(vendorId, batchId).chain(batch -> {
            if (GenerationBatch.CANCELLED.equals(batch.status)) {
                return Uni.createFrom().failure(new ProblemException(409, "batch-cancelled", "Batch cancelled",
                        "Batch " + batchId + " was cancelled; start a new batch instead.", null));
            }
            return items.list("batchId = ?1 and status = ?2", io.quarkus.panache.common.Sort.by("rowIndex"), batchId,
                    GenerationItem.FAILED).chain(failed -> {
                        if (failed.isEmpty()) {
                            return Uni.createFrom().<Retried>failure(new ProblemException(409, "nothing-to-retry",
                                    "Nothing to retry", "Batch " + batchId + " has no failed items.", null));
                        }
                        // the budget before anything changes: the new attempts are estimated as the first ones were
                        BigDecimal estimate = failed.stream().map(i -> i.estimatedCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
                        return costs.checkBudget(batch.vendorId, estimate).chain(() -> {
                            Map<String, Object> config = batch.config == null ? Map.of() : batch.config;
                            Map<String, Object> parameters = config.get("parameters") instanceof Map<?, ?> p
                                    ? (Map<String, Object>) p : Map.of();
                            String model = catalog.modelFor(parameters).id();
                            Lane lane = Lane.forPriority(String.valueOf(config.getOrDefault("priority", "normal")));
                            List<StudioEvent> events = new ArrayList<>(failed.size() + 1);
                            for (GenerationItem item : failed) {
                                item.attempt++;
                                item.status = GenerationItem.PENDING;
                                item.errorMessage = null;
                                item.processedAt = null;
                                events.add(new GenerationJob(item.id, batch.id, batch.vendorId, item.attempt, lane, item.prompt,
                                        model, item.parameters, item.name));
                            }
                            batch.failedImages -= failed.size();
                            batch.status = GenerationBatch.PROCESSING;
                            batch.completedAt = null;
                            events.add(new BatchEvent.Progress(batch.id, batch.vendorId, counters(batch)));
                            LOG.infof("Batch %s: %d failed item(s) enqueued again", batchId, failed.size());
                            return outbox.publishAll(events).replaceWith(new Retried(batch, failed.size()));
                        });
                    });
        });
    }

    /**
     * One of the vendor's batches, read under its row lock (so that its counters are the latest, not
     * a copy read before the lock), else 404.
     */
    private Uni<GenerationBatch> locked(UUID vendorId, UUID batchId) {
        return batches.find("id = ?1 and vendorId = ?2", batchId, vendorId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Batch", batchId));
    }

    private static BatchEvent.Counters counters(GenerationBatch batch) {
        return new BatchEvent.Counters(batch.totalImages, batch.completedImages, batch.failedImages, batch.cancelledImages);
    }

    @WithSession
    public Uni<Page<GenerationBatch>> list(UUID vendorId, List<String> statuses, PageRequest page) {
        List<String> unknown = statuses.stream().filter(s -> !BATCH_STATUSES.contains(s)).toList();
        if (!unknown.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown batch status.", List.of(Problem.FieldError.of("status",
                    "each must be one of " + String.join(", ", BATCH_STATUSES) + "; got " + String.join(", ", unknown)))));
        }
        return batches.listForVendor(vendorId, statuses, page);
    }

    /**
     * Applies a worker's result once: its cost goes to the ledger in any case; otherwise a result for
     * an item that has already ended, or for an older attempt, changes nothing. Counters move under a
     * row lock on the batch; the batch's first result starts it, every result reports progress, the
     * last one ends it.
     */
    @WithTransaction
    public Uni<Void> applyResult(GenerationResult result, Instant resultAt) {
        // the cost first, whatever becomes of the result: a late or stale attempt was paid for too
        return costs.record(result).chain(() -> items.findById(result.itemId(), LockModeType.PESSIMISTIC_WRITE)).chain(item -> {
            if (item == null || item.isFinished() || result.attempt() < item.attempt) {
                LOG.debugf("Ignoring %s for item %s (already applied or stale)", result.type(), result.itemId());
                return Uni.createFrom().voidItem();
            }
            if (result instanceof GenerationResult.Retrying) {
                item.status = GenerationItem.PROCESSING;
                return Uni.createFrom().voidItem();
            }
            item.processedAt = Instant.now();
            if (result instanceof GenerationResult.Completed done) {
                item.status = GenerationItem.COMPLETED;
                item.imageKey = done.imageKey();
                item.thumbnailKey = done.thumbnailKey();
                item.errorMessage = null;
            } else if (result instanceof GenerationResult.Failed failed) {
                item.status = GenerationItem.FAILED;
                item.errorMessage = failed.errorMessage();
            }
            return batches.findById(item.batchId, LockModeType.PESSIMISTIC_WRITE)
                    .chain(batch -> outbox.publishAll(count(batch, item, resultAt)))
                    .chain(() -> GenerationItem.COMPLETED.equals(item.status) ? products.announce(item, resultAt) : Uni.createFrom().voidItem());
        });
    }

    private static List<StudioEvent> count(GenerationBatch batch, GenerationItem item, Instant resultAt) {
        List<StudioEvent> events = new ArrayList<>(4);
        if (GenerationBatch.PENDING.equals(batch.status)) {
            batch.status = GenerationBatch.PROCESSING;
            events.add(new BatchEvent.Started(batch.id, batch.vendorId, batch.totalImages));
        }
        if (GenerationItem.COMPLETED.equals(item.status)) {
            batch.completedImages++;
            events.add(new BatchEvent.ItemCompleted(batch.id, batch.vendorId, item.id, item.rowIndex, item.attempt, item.name, resultAt));
        } else {
            batch.failedImages++;
            events.add(new BatchEvent.ItemFailed(batch.id, batch.vendorId, item.id, item.rowIndex, item.attempt, item.errorMessage,
                    resultAt));
        }
        BatchEvent.Counters counters = counters(batch);
        events.add(new BatchEvent.Progress(batch.id, batch.vendorId, counters));
        if (batch.completedImages + batch.failedImages >= batch.totalImages) {
            batch.completedAt = Instant.now();
            if (batch.completedImages == 0) {
                batch.status = GenerationBatch.FAILED;
                events.add(new BatchEvent.Failed(batch.id, batch.vendorId, counters, "every item failed"));
            } else {
                batch.status = GenerationBatch.COMPLETED;
                events.add(new BatchEvent.Completed(batch.id, batch.vendorId, counters));
            }
        }
        return events;
    }
}
