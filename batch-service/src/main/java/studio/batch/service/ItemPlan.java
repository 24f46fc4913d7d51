package studio.batch.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;
import studio.common.catalog.Model;
import studio.common.catalog.Pricing;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;
import studio.common.events.StudioEvent;

/**
 * A new batch's items, decided before anything is stored: which reuse an image the vendor already
 * has for the identical request (no call, no cost), which become jobs now (or at the batch's
 * release, when scheduled), what they are estimated to cost, and the events that announce it all.
 * {@link #applyTo} sets the batch's counters, status and cache report to match.
 */
final class ItemPlan {

    /** What the plan is made from: the batch (id, vendor, schedule), one entry per prompt in every list. */
    record Inputs(GenerationBatch batch, Integer templateVersion, UUID styleId, Model model, Lane lane, Map<String, Object> jobParameters,
            List<String> prompts, String[] cacheKeys, String[] names, UUID[] productIds, String[] productMatches,
            Map<String, ImageCache.CachedImage> earlier, boolean fresh, Instant now) {
    }

    final GenerationItemRepository.NewItems items;
    final List<StudioEvent> events;
    /** The jobs to queue (none while the batch is scheduled: its release queues them). */
    final List<GenerationJob> jobs;
    /** The rows that reuse an image and belong to a product: the product is told of its new image. */
    final List<Integer> linkedHits;
    final BigDecimal estimate;
    private final BigDecimal savedTotal;
    private final int hits;
    private final boolean fresh;

    private ItemPlan(GenerationItemRepository.NewItems items, List<StudioEvent> events, List<GenerationJob> jobs, List<Integer> linkedHits,
            BigDecimal estimate, BigDecimal savedTotal, int hits, boolean fresh) {
        this.items = items;
        this.events = events;
        this.jobs = jobs;
        this.linkedHits = linkedHits;
        this.estimate = estimate;
        this.savedTotal = savedTotal;
        this.hits = hits;
        this.fresh = fresh;
    }

    static ItemPlan of(Inputs in, Estimates estimates) {
        GenerationBatch batch = in.batch();
        boolean scheduled = batch.scheduledFor != null;
        int n = in.prompts().size();
        UUID[] itemIds = new UUID[n];
        Integer[] rowIndexes = new Integer[n];
        String[] itemEstimates = new String[n];
        String[] statuses = new String[n];
        String[] imageKeys = new String[n];
        String[] thumbnailKeys = new String[n];
        UUID[] cachedFrom = new UUID[n];
        UUID[] regenerationOf = new UUID[n];
        String[] saved = new String[n];
        BigDecimal estimate = BigDecimal.ZERO;
        BigDecimal savedTotal = BigDecimal.ZERO;
        List<StudioEvent> events = new ArrayList<>(n + 4);
        List<GenerationJob> jobs = new ArrayList<>(scheduled ? 0 : n);
        List<StudioEvent> hitEvents = new ArrayList<>();
        List<Integer> linkedHits = new ArrayList<>();
        events.add(new BatchEvent.Created(batch.id, batch.vendorId, batch.templateId, in.templateVersion(), n, in.styleId()));
        for (int i = 0; i < n; i++) {
            itemIds[i] = UUID.randomUUID();
            rowIndexes[i] = i;
            BigDecimal itemEstimate = estimates.price(in.model(), in.lane(), in.jobParameters(), in.prompts().get(i).length());
            ImageCache.CachedImage hit = in.earlier().get(in.cacheKeys()[i]);
            if (hit != null && !in.fresh()) {
                // the vendor already has this image: reuse it, no call, no cost
                statuses[i] = ItemStatus.COMPLETED.wireName();
                imageKeys[i] = hit.imageKey();
                thumbnailKeys[i] = hit.thumbnailKey();
                cachedFrom[i] = hit.itemId();
                itemEstimates[i] = "0";
                saved[i] = itemEstimate.toPlainString();
                savedTotal = savedTotal.add(itemEstimate);
                hitEvents.add(new BatchEvent.ItemCompleted(batch.id, batch.vendorId, itemIds[i], i, 1, in.names()[i], in.now()));
                if (in.productIds()[i] != null) {
                    linkedHits.add(i);
                }
                continue;
            }
            statuses[i] = ItemStatus.PENDING.wireName();
            regenerationOf[i] = hit == null ? null : hit.itemId();
            itemEstimates[i] = itemEstimate.toPlainString();
            saved[i] = "0";
            estimate = estimate.add(itemEstimate);
            if (!scheduled) {
                jobs.add(new GenerationJob(itemIds[i], batch.id, batch.vendorId, 1, in.lane(), in.prompts().get(i), in.model().id(),
                        in.jobParameters(), in.names()[i]));
            }
        }
        events.addAll(hitEvents);
        var items = new GenerationItemRepository.NewItems(itemIds, rowIndexes, in.prompts().toArray(String[]::new), itemEstimates,
                in.names(), statuses, in.cacheKeys(), imageKeys, thumbnailKeys, cachedFrom, regenerationOf, saved, in.productIds(),
                in.productMatches());
        return new ItemPlan(items, events, jobs, linkedHits, estimate, savedTotal, hitEvents.size(), in.fresh());
    }

    /**
     * The batch as the plan leaves it: its estimate; with reused images, their count as completed
     * (the batch running, or completed when every image was reused) and the events that say so, in
     * the order a live view expects them (created, started, the reused items, progress, completed).
     */
    void applyTo(GenerationBatch batch, Instant now) {
        batch.estimatedCostUsd = estimate;
        int n = batch.totalImages;
        boolean scheduled = batch.scheduledFor != null;
        if (hits > 0 || fresh) {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("fresh", fresh);
            cache.put("hits", hits);
            cache.put("savedUsd", savedTotal.setScale(Pricing.SCALE, RoundingMode.HALF_UP));
            batch.config.put("cache", cache);
        }
        if (hits > 0) {
            batch.completedImages = hits;
            if (hits == n) {
                batch.status = BatchStatus.COMPLETED;
                batch.completedAt = now;
            } else if (!scheduled) {
                batch.status = BatchStatus.PROCESSING;
            }
            int firstHit = events.size() - hits;
            if (!scheduled || hits == n) {
                events.add(firstHit, new BatchEvent.Started(batch.id, batch.vendorId, n));
            }
            events.add(new BatchEvent.Progress(batch.id, batch.vendorId, batch.counters()));
            if (hits == n) {
                events.add(new BatchEvent.Completed(batch.id, batch.vendorId, batch.counters()));
            }
        }
        if (scheduled && hits < n) {
            // the jobs wait for the release (Schedules)
            events.add(new BatchEvent.Scheduled(batch.id, batch.vendorId, batch.scheduledFor));
        }
    }

    int hits() {
        return hits;
    }
}
