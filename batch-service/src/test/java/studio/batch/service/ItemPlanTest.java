package studio.batch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import studio.batch.repository.BatchStatus;
import studio.batch.repository.ItemStatus;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationItem;
import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationJob;
import studio.common.events.Lane;

/** A new batch's items and counters as decided before anything is stored: reused images, jobs, estimate, events. */
class ItemPlanTest {

    private final Model model = ModelCatalog.builtIn().find("gpt-image-2").orElseThrow();
    private final Map<String, Object> parameters = Map.of("quality", "low", "size", "1024x1024");
    private final Estimates estimates = new Estimates(60, 0.5);
    private final Instant now = Instant.parse("2026-12-01T12:00:00Z");
    private final UUID earlierItem = UUID.randomUUID();

    private GenerationBatch batch(int images, Instant scheduledFor) {
        GenerationBatch batch = new GenerationBatch();
        batch.id = UUID.randomUUID();
        batch.vendorId = UUID.randomUUID();
        batch.status = scheduledFor == null ? BatchStatus.PENDING : BatchStatus.SCHEDULED;
        batch.scheduledFor = scheduledFor;
        batch.totalImages = images;
        batch.config = new LinkedHashMap<>();
        return batch;
    }

    private ItemPlan plan(GenerationBatch batch, List<String> prompts, Map<String, ImageCache.CachedImage> earlier, boolean fresh) {
        int n = prompts.size();
        String[] keys = prompts.stream().map(p -> ImageCache.cacheKey(model.id(), p, parameters)).toArray(String[]::new);
        ItemPlan plan = ItemPlan.of(new ItemPlan.Inputs(batch, 3, null, model, Lane.STANDARD, parameters, prompts, keys, new String[n],
                new UUID[n], new String[n], earlier, fresh, now), estimates);
        plan.applyTo(batch, now);
        return plan;
    }

    private Map<String, ImageCache.CachedImage> earlier(String prompt) {
        return Map.of(ImageCache.cacheKey(model.id(), prompt, parameters), new ImageCache.CachedImage(earlierItem, "img.png", "thumb.png"));
    }

    @Test
    void anImageTheVendorAlreadyHasIsReusedAtNoCostAndTheRestBecomeJobs() {
        GenerationBatch batch = batch(2, null);
        ItemPlan plan = plan(batch, List.of("a jar", "a box"), earlier("a jar"), false);

        assertThat(plan.items.statuses()).containsExactly(ItemStatus.COMPLETED.wireName(), ItemStatus.PENDING.wireName());
        assertThat(plan.items.cachedFrom()).containsExactly(earlierItem, null);
        assertThat(plan.items.estimates()[0]).isEqualTo("0");
        assertThat(plan.estimate).isEqualByComparingTo(estimates.price(model, Lane.STANDARD, parameters, "a box".length()));
        assertThat(batch.status).isEqualTo(BatchStatus.PROCESSING);
        assertThat(batch.completedImages).isEqualTo(1);
        assertThat(plan.events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Created", "Started", "ItemCompleted", "Progress");
        // the job waits its turn in the fair queue, apart from the events that go out at once
        assertThat(plan.jobs).extracting(GenerationJob::prompt).containsExactly("a box");
        assertThat(batch.config.get("cache")).isEqualTo(Map.of("fresh", false, "hits", 1,
                "savedUsd", estimates.price(model, Lane.STANDARD, parameters, "a jar".length()).setScale(studio.common.catalog.Pricing.SCALE, java.math.RoundingMode.HALF_UP)));
    }

    @Test
    void aBatchWhoseImagesAreAllReusedIsCompletedAtOnce() {
        GenerationBatch batch = batch(1, null);
        ItemPlan plan = plan(batch, List.of("a jar"), earlier("a jar"), false);

        assertThat(batch.status).isEqualTo(BatchStatus.COMPLETED);
        assertThat(batch.completedAt).isEqualTo(now);
        assertThat(plan.events.get(plan.events.size() - 1)).isInstanceOf(BatchEvent.Completed.class);
        assertThat(plan.estimate).isZero();
    }

    @Test
    void freshGeneratesAnewAndRemembersWhatItRegenerates() {
        GenerationBatch batch = batch(1, null);
        ItemPlan plan = plan(batch, List.of("a jar"), earlier("a jar"), true);

        assertThat(plan.items.statuses()).containsExactly(ItemStatus.PENDING.wireName());
        assertThat(plan.items.regenerationOf()).containsExactly(earlierItem);
        assertThat(batch.status).isEqualTo(BatchStatus.PENDING);
        assertThat(batch.config.get("cache")).isEqualTo(Map.of("fresh", true, "hits", 0, "savedUsd",
                java.math.BigDecimal.ZERO.setScale(studio.common.catalog.Pricing.SCALE)));
    }

    @Test
    void aScheduledBatchSendsNoJobsUntilItsRelease() {
        GenerationBatch batch = batch(2, now.plusSeconds(3600));
        ItemPlan plan = plan(batch, List.of("a jar", "a box"), Map.of(), false);

        assertThat(plan.jobs).isEmpty();
        assertThat(plan.events.get(plan.events.size() - 1)).isInstanceOf(BatchEvent.Scheduled.class);
        assertThat(batch.status).isEqualTo(BatchStatus.SCHEDULED);
    }
}
