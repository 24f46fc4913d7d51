package studio.batch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.GenerationBatchRepository;
import studio.batch.repository.GenerationItem;
import studio.batch.repository.GenerationItemRepository;

/** Which settings win the vendor's A/B tests ({@link Variations}), per template and per category. */
@ApplicationScoped
public class VariationStats {

    /** How many of the vendor's latest tests the statistics read at most. */
    static final int STATS_TESTS = 2000;

    private final GenerationBatchRepository batches;
    private final GenerationItemRepository items;

    public VariationStats(GenerationBatchRepository batches, GenerationItemRepository items) {
        this.batches = batches;
        this.items = items;
    }

    /** How one set of settings fared: in how many tests, how many it won, and its images' ratings. */
    public record SettingsStats(Map<String, Object> settings, List<String> labels, long tests, long decided, long wins, Double winRate,
            long ratings, Double averageRating, Instant lastTestedAt) {
    }

    /** Which settings win: {@code tests} read, {@code decided} among them, and each set of settings, best first. */
    public record Stats(UUID templateId, String category, int days, long tests, long decided, List<SettingsStats> settings) {
    }

    /**
     * Which settings win over the vendor's tests of the last {@code days}, optionally only for one
     * template or one category. A set's {@code winRate} is its wins over the decided tests it was in;
     * sets are ordered by win rate, then average rating.
     */
    @WithSession
    public Uni<Stats> stats(UUID vendorId, UUID templateId, String category, int days) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT id FROM generation_batches WHERE vendor_id = ?1 AND created_at > ?2 AND config ->> 'kind' = 'variations'"
                        + " AND (cast(?3 AS uuid) IS NULL OR template_id = cast(?3 AS uuid))"
                        + " AND (cast(?4 AS text) IS NULL OR lower(config ->> 'category') = lower(cast(?4 AS text)))"
                        + " ORDER BY created_at DESC LIMIT " + STATS_TESTS, UUID.class)
                .setParameter(1, vendorId).setParameter(2, Instant.now().minus(Duration.ofDays(days)))
                .setParameter(3, templateId == null ? null : templateId.toString()).setParameter(4, category)
                .getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(new Stats(templateId, category, days, 0, 0, List.of()))
                        : batches.list("id in ?1", ids).chain(tests -> items.list("batchId in ?1", ids)
                                .map(all -> aggregate(tests, all, templateId, category, days))));
    }

    private static Stats aggregate(List<GenerationBatch> tests, List<GenerationItem> all, UUID templateId, String category, int days) {
        Map<UUID, List<GenerationItem>> byTest = new HashMap<>();
        for (GenerationItem item : all) {
            byTest.computeIfAbsent(item.batchId, k -> new ArrayList<>()).add(item);
        }
        Map<String, Accumulator> bySettings = new LinkedHashMap<>();
        long decided = 0;
        for (GenerationBatch test : tests) {
            List<GenerationItem> images = byTest.getOrDefault(test.id, List.of());
            Map<UUID, GenerationItem> byId = new HashMap<>();
            images.forEach(i -> byId.put(i.id, i));
            UUID winner = Variations.winner(test, images);
            if (winner != null) {
                decided++;
            }
            for (Map<String, Object> variant : Variations.variants(test)) {
                Accumulator a = bySettings.computeIfAbsent(String.valueOf(variant.get("signature")), k -> new Accumulator(variant));
                a.labels.add(String.valueOf(variant.get("label")));
                a.tests++;
                UUID itemId = UUID.fromString(String.valueOf(variant.get("itemId")));
                if (winner != null) {
                    a.decided++;
                    if (winner.equals(itemId)) {
                        a.wins++;
                    }
                }
                GenerationItem image = byId.get(itemId);
                if (image != null && image.rating != null) {
                    a.ratings++;
                    a.ratingSum += image.rating;
                }
                if (a.last == null || test.createdAt.isAfter(a.last)) {
                    a.last = test.createdAt;
                }
            }
        }
        List<SettingsStats> settings = bySettings.values().stream().map(Accumulator::stats)
                .sorted(Comparator.comparing((SettingsStats s) -> s.winRate() == null ? -1 : s.winRate()).reversed()
                        .thenComparing(s -> s.averageRating() == null ? -1 : s.averageRating(), Comparator.reverseOrder()))
                .toList();
        return new Stats(templateId, category, days, tests.size(), decided, settings);
    }

    private static final class Accumulator {
        final Map<String, Object> settings;
        final Set<String> labels = new TreeSet<>();
        long tests;
        long decided;
        long wins;
        long ratings;
        long ratingSum;
        Instant last;

        @SuppressWarnings("unchecked")
        Accumulator(Map<String, Object> variant) {
            this.settings = variant.get("settings") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        SettingsStats stats() {
            return new SettingsStats(settings, List.copyOf(labels), tests, decided, wins, decided == 0 ? null : (double) wins / decided,
                    ratings, ratings == 0 ? null : (double) ratingSum / ratings, last);
        }
    }
}
