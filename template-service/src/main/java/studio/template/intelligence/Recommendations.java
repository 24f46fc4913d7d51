package studio.template.intelligence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * Learning from what works: for a product category, the templates (the caller's, the platform's and
 * the marketplace's) and the styles whose images have done best, from the success metrics every
 * vendor's batches leave behind (counts only, never another vendor's content): success rate,
 * re-generation rate (items that needed another attempt), marketplace reviews and the vendors' ratings of
 * its images. A template's
 * figures include its installed and forked copies.
 */
@ApplicationScoped
public class Recommendations {

    private final Pool pool;
    private final PromptKnowledge knowledge = PromptKnowledge.builtIn();

    public Recommendations(Pool pool) {
        this.pool = pool;
    }

    /** A recommended template, its figures and its score (0 to 1), with the reason in words. */
    public record TemplatePick(UUID id, String name, String source, double score, long imagesAttempted, Double successRate,
            Double regenerationRate, Double ratingAverage, long ratingCount, Double imageRatingAverage, long imageRatingCount,
            String why) {
    }

    /** A recommended style (by id; style-service names it) with its figures in this category. */
    public record StylePick(UUID styleId, double score, long batches, long images, Double successRate, Double regenerationRate, String why) {
    }

    public record Picks(String category, List<TemplatePick> templates, List<StylePick> styles) {
    }

    public Uni<Picks> forCategory(UUID vendorId, String category, int limit) {
        String key = knowledge.category(category).orElse(null);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (key == null) {
            errors.add(Problem.FieldError.of("category", "unknown; known: " + String.join(", ", knowledge.categories().keySet())));
        }
        if (limit < 1 || limit > 50) {
            errors.add(Problem.FieldError.of("limit", "must be from 1 to 50"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("Invalid recommendation request.", errors));
        }
        // PostgreSQL word boundaries around any of the category's names
        String words = "\\m(" + knowledge.categories().get(key).aliases().stream().map(Recommendations::regexQuote)
                .collect(Collectors.joining("|")) + ")\\M";
        String relevant = """
                SELECT t.id, t.name, t.vendor_id, t.is_public,
                       CASE WHEN lower(t.name || ' ' || coalesce(t.description, '') || ' ' || t.prompt_text) ~ $2 THEN 1.0 ELSE 0.8 END AS relevance
                FROM prompt_templates t
                WHERE t.deleted_at IS NULL AND t.forked_from IS NULL
                  AND (t.vendor_id = $1 OR t.is_public OR t.marketplace_status = 'listed')
                  AND (lower(t.name || ' ' || coalesce(t.description, '') || ' ' || t.prompt_text) ~ $2 OR t.prompt_text LIKE '%{category}%')
                """;
        String templates = "WITH r AS (" + relevant + """
                ), fam AS (SELECT r.id AS root, f.id FROM r JOIN prompt_templates f ON f.id = r.id OR f.forked_from = r.id)
                SELECT r.id, r.name, r.vendor_id, r.is_public, r.relevance,
                       (SELECT coalesce(sum(p.images_attempted), 0) FROM prompt_templates p JOIN fam ON fam.id = p.id WHERE fam.root = r.id) AS attempted,
                       (SELECT coalesce(sum(p.images_succeeded), 0) FROM prompt_templates p JOIN fam ON fam.id = p.id WHERE fam.root = r.id) AS succeeded,
                       (SELECT count(*) FROM prompt_history h JOIN fam ON fam.id = h.template_id WHERE fam.root = r.id) AS items,
                       (SELECT count(*) FROM prompt_history h JOIN fam ON fam.id = h.template_id WHERE fam.root = r.id AND h.attempts > 1) AS regenerated,
                       (SELECT avg(v.rating)::float8 FROM template_reviews v WHERE v.template_id = r.id) AS rating,
                       (SELECT count(*) FROM template_reviews v WHERE v.template_id = r.id) AS ratings,
                       (SELECT avg(ir.rating)::float8 FROM image_ratings ir JOIN template_batches tb ON tb.batch_id = ir.batch_id
                          JOIN fam ON fam.id = tb.template_id WHERE fam.root = r.id) AS image_rating,
                       (SELECT count(*) FROM image_ratings ir JOIN template_batches tb ON tb.batch_id = ir.batch_id
                          JOIN fam ON fam.id = tb.template_id WHERE fam.root = r.id) AS image_ratings
                FROM r
                """;
        String styles = "WITH r AS (" + relevant + """
                ), fam AS (SELECT f.id FROM r JOIN prompt_templates f ON f.id = r.id OR f.forked_from = r.id)
                SELECT b.style_id, count(DISTINCT b.batch_id) AS batches, count(h.item_id) AS items,
                       count(h.item_id) FILTER (WHERE h.status = 'completed') AS completed,
                       count(h.item_id) FILTER (WHERE h.status IN ('completed', 'failed')) AS ended,
                       count(h.item_id) FILTER (WHERE h.attempts > 1) AS regenerated
                FROM template_batches b JOIN fam ON fam.id = b.template_id JOIN prompt_history h ON h.batch_id = b.batch_id
                WHERE b.style_id IS NOT NULL
                GROUP BY b.style_id
                """;
        Tuple args = Tuple.of(vendorId, words);
        return pool.preparedQuery(templates).execute(args).chain(rows -> {
            List<TemplatePick> picks = new ArrayList<>();
            for (Row row : rows) {
                picks.add(templatePick(row, vendorId));
            }
            picks.sort(Comparator.comparingDouble(TemplatePick::score).reversed().thenComparing(TemplatePick::name));
            return pool.preparedQuery(styles).execute(args).map(styleRows -> {
                List<StylePick> stylePicks = new ArrayList<>();
                for (Row row : styleRows) {
                    stylePicks.add(stylePick(row));
                }
                stylePicks.sort(Comparator.comparingDouble(StylePick::score).reversed().thenComparing(p -> p.styleId().toString()));
                return new Picks(key, picks.subList(0, Math.min(limit, picks.size())), stylePicks.subList(0, Math.min(limit, stylePicks.size())));
            });
        });
    }

    private static TemplatePick templatePick(Row r, UUID vendorId) {
        long attempted = r.getLong("attempted");
        long succeeded = r.getLong("succeeded");
        long items = r.getLong("items");
        long regenerated = r.getLong("regenerated");
        Double rating = r.getDouble("rating");
        long ratings = r.getLong("ratings");
        Double imageRating = r.getDouble("image_rating");
        long imageRatings = r.getLong("image_ratings");
        double success = smoothed(succeeded, attempted);
        double regen = share(regenerated, items);
        // the marketplace's reviews of the template and the vendors' ratings of its images, as one average
        long starCount = ratings + imageRatings;
        double stars = starCount == 0 ? 0.6
                : ((rating == null ? 0 : rating * ratings) + (imageRating == null ? 0 : imageRating * imageRatings)) / starCount / 5.0;
        double score = r.getDouble("relevance") * (0.5 * success + 0.3 * stars + 0.2 * (1 - regen));
        String source = vendorId.equals(r.getUUID("vendor_id")) ? "yours" : Boolean.TRUE.equals(r.getBoolean("is_public")) ? "platform" : "marketplace";
        List<String> why = new ArrayList<>();
        why.add(attempted == 0 ? "no images yet" : Math.round(100.0 * succeeded / attempted) + "% of " + attempted + " images succeeded");
        if (items > 0) {
            why.add(Math.round(100.0 * regen) + "% needed another attempt");
        }
        if (ratings > 0) {
            why.add("rated " + round(rating) + " by " + ratings + " vendor(s)");
        }
        if (imageRatings > 0) {
            why.add("its images rated " + round(imageRating) + " on average (" + imageRatings + " rating(s))");
        }
        return new TemplatePick(r.getUUID("id"), r.getString("name"), source, round(score), attempted,
                attempted == 0 ? null : round((double) succeeded / attempted), items == 0 ? null : round(regen),
                rating == null ? null : round(rating), ratings, imageRating == null ? null : round(imageRating), imageRatings,
                String.join("; ", why));
    }

    private static StylePick stylePick(Row r) {
        long ended = r.getLong("ended");
        long completed = r.getLong("completed");
        long items = r.getLong("items");
        long regenerated = r.getLong("regenerated");
        double success = smoothed(completed, ended);
        double regen = share(regenerated, items);
        double score = 0.7 * success + 0.3 * (1 - regen);
        String why = (ended == 0 ? "no ended images yet" : Math.round(100.0 * completed / ended) + "% of " + ended + " images succeeded")
                + " in " + r.getLong("batches") + " batch(es)";
        return new StylePick(r.getUUID("style_id"), round(score), r.getLong("batches"), items,
                ended == 0 ? null : round((double) completed / ended), items == 0 ? null : round(regen), why);
    }

    /** Laplace's rule of succession: no data is an even chance, and a few successes do not outrank many. */
    private static double smoothed(long successes, long trials) {
        return (successes + 1.0) / (trials + 2.0);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String regexQuote(String text) {
        return text.replaceAll("([\\\\.^$|?*+()\\[\\]{}-])", "\\\\$1");
    }
}
