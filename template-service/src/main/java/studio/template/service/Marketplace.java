package studio.template.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import studio.common.api.Page;
import studio.common.api.PageRequest;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.persistence.NativeSql;
import studio.common.persistence.Rows;
import studio.common.tenancy.Caller;
import studio.template.repository.PromptTemplate;
import studio.template.repository.PromptTemplateRepository;

/**
 * The template marketplace: a vendor lists one of its templates (opt-in) and can take it back; an
 * admin can hide one; vendors browse and search what is listed, install a template (a fork into
 * their library, recorded), and rate and review it once each (editable). Figures: installs, usage
 * (batches run with installed copies), ratings, each for all time and for the last 7 days.
 */
@ApplicationScoped
public class Marketplace {

    public static final String LISTED = "listed";
    public static final String HIDDEN = "hidden";
    public static final List<String> SORTS = List.of("popular", "rating", "newest", "installs", "usage");
    public static final List<String> PERIODS = List.of("week", "all");
    public static final List<String> RANKINGS = List.of("installs", "usage", "rating");

    private final PromptTemplateRepository templates;
    private final TemplateService library;
    private final Pool pool;

    public Marketplace(PromptTemplateRepository templates, TemplateService library, Pool pool) {
        this.templates = templates;
        this.library = library;
        this.pool = pool;
    }

    /** A listed template as vendors see it, with its figures. {@code status} is shown to its author and admins. */
    public record Listing(UUID id, String name, String description, String category, String style, String promptText, UUID authorId,
            String status, String hiddenReason, Instant publishedAt, long installs, long installsThisWeek, long usage, long usageThisWeek,
            Double ratingAverage, long ratingCount) {
    }

    /** One vendor's review. */
    public record Review(UUID templateId, UUID vendorId, int rating, String review, Instant createdAt, Instant updatedAt) {
    }

    // ---- the author's side

    /** Lists the caller's own template: 200 with its listing; 404 for one that is not the caller's; 409 when an admin hid it. */
    @WithTransaction
    public Uni<PromptTemplate> publish(Caller caller, UUID templateId) {
        return own(caller, templateId).invoke(t -> {
            if (HIDDEN.equals(t.marketplaceStatus)) {
                throw new ProblemException(409, "hidden", "Hidden by an admin", "Template " + templateId
                        + " was hidden from the marketplace by an admin: " + t.hiddenReason, null);
            }
            if (t.marketplaceStatus == null) {
                t.marketplaceStatus = LISTED;
                t.publishedAt = Instant.now();
            }
        });
    }

    /** Takes the caller's template out of the marketplace (installed copies stay with their vendors). */
    @WithTransaction
    public Uni<Void> unpublish(Caller caller, UUID templateId) {
        return own(caller, templateId).invoke(t -> {
            if (t.marketplaceStatus == null) {
                throw ProblemException.notFound("Marketplace template", templateId);
            }
            t.marketplaceStatus = null;
            t.hiddenReason = null;
        }).replaceWithVoid();
    }

    private Uni<PromptTemplate> own(Caller caller, UUID templateId) {
        return templates.find("id = ?1 and vendorId = ?2 and deletedAt is null", templateId, caller.vendorId()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Template", templateId));
    }

    /** Admin only: hides a listed template from everybody but its author, or shows it again. */
    @WithTransaction
    public Uni<PromptTemplate> hide(Caller caller, UUID templateId, boolean hidden, String reason) {
        if (!caller.admin()) {
            return Uni.createFrom().failure(ProblemException.forbidden("admin-only", "Only the platform's admins hide marketplace templates."));
        }
        return templates.find("id = ?1 and marketplaceStatus is not null and deletedAt is null", templateId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Marketplace template", templateId))
                .invoke(t -> {
                    t.marketplaceStatus = hidden ? HIDDEN : LISTED;
                    t.hiddenReason = hidden ? reason : null;
                });
    }

    // ---- the buyers' side

    /** Installs a listed template: a fork in the caller's library, counted as an install. 409 for one's own template. */
    @WithTransaction
    public Uni<PromptTemplate> install(Caller caller, UUID templateId) {
        return listed(templateId).chain(source -> {
            if (caller.vendorId().equals(source.vendorId)) {
                return Uni.createFrom().failure(new ProblemException(409, "own-template", "Your own template",
                        "Template " + templateId + " is already in your library.", null));
            }
            // the fork is flushed first: the install row refers to it
            return library.fork(caller, templateId).call(templates::flush).call(fork -> NativeSql.update(
                    "INSERT INTO template_installs (fork_id, template_id, vendor_id) VALUES (?1, ?2, ?3)", fork.id, templateId,
                    caller.vendorId()));
        });
    }

    private Uni<PromptTemplate> listed(UUID templateId) {
        return templates.find("id = ?1 and marketplaceStatus = ?2 and deletedAt is null", templateId, LISTED).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Marketplace template", templateId));
    }

    /** Rates (1 to 5) and reviews a listed template, or changes the caller's review of it. 403 for one's own. */
    @WithTransaction
    public Uni<Void> review(Caller caller, UUID templateId, int rating, String text) {
        if (rating < 1 || rating > 5) {
            return Uni.createFrom().failure(ProblemException.invalid("The rating is out of range.",
                    List.of(Problem.FieldError.of("rating", "must be from 1 to 5"))));
        }
        return listed(templateId).chain(t -> {
            if (caller.vendorId().equals(t.vendorId)) {
                return Uni.createFrom().failure(ProblemException.forbidden("own-template", "Authors do not review their own templates."));
            }
            return NativeSql.update("""
                    INSERT INTO template_reviews (template_id, vendor_id, rating, review) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (template_id, vendor_id) DO UPDATE SET rating = excluded.rating, review = excluded.review, updated_at = now()""",
                    templateId, caller.vendorId(), (short) rating, text).replaceWithVoid();
        });
    }

    @WithTransaction
    public Uni<Void> deleteReview(Caller caller, UUID templateId) {
        return NativeSql.update("DELETE FROM template_reviews WHERE template_id = ?1 AND vendor_id = ?2", templateId, caller.vendorId())
                .map(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("Review of template", templateId);
                    }
                    return null;
                });
    }

    // ---- reading

    private static final String FIGURES = """
            SELECT t.id, t.name, t.description, t.category, t.style, t.prompt_text, t.vendor_id, t.marketplace_status, t.hidden_reason,
                   t.published_at,
                   (SELECT count(DISTINCT i.vendor_id) FROM template_installs i WHERE i.template_id = t.id) AS installs,
                   (SELECT count(DISTINCT i.vendor_id) FROM template_installs i WHERE i.template_id = t.id AND i.installed_at > now() - interval '7 days') AS installs_week,
                   (SELECT count(*) FROM template_installs i JOIN template_batches b ON b.template_id = i.fork_id
                     WHERE i.template_id = t.id) AS usage,
                   (SELECT count(*) FROM template_installs i JOIN template_batches b ON b.template_id = i.fork_id
                     WHERE i.template_id = t.id AND b.created_at > now() - interval '7 days') AS usage_week,
                   (SELECT avg(r.rating)::float8 FROM template_reviews r WHERE r.template_id = t.id) AS rating_average,
                   (SELECT count(*) FROM template_reviews r WHERE r.template_id = t.id) AS rating_count,
                   (SELECT avg(r.rating)::float8 FROM template_reviews r WHERE r.template_id = t.id
                     AND r.updated_at > now() - interval '7 days') AS rating_week
            FROM prompt_templates t
            """;

    /**
     * What is listed, searched by {@code q} (name, description, prompt) and {@code category}, sorted by
     * {@code popular} (installs, then usage), {@code rating}, {@code newest}, {@code installs} or {@code usage}.
     */
    public Uni<Page<Listing>> browse(String q, String category, String sort, PageRequest page) {
        String order = sort == null ? "popular" : sort;
        if (!SORTS.contains(order)) {
            return Uni.createFrom().failure(ProblemException.invalid("Unknown sort.",
                    List.of(Problem.FieldError.of("sort", "must be one of " + String.join(", ", SORTS)))));
        }
        String where = " WHERE t.marketplace_status = 'listed' AND t.deleted_at IS NULL"
                + " AND ($1::text IS NULL OR lower(t.name || ' ' || coalesce(t.description, '') || ' ' || t.prompt_text) LIKE $1)"
                + " AND ($2::text IS NULL OR t.category = $2)";
        String pattern = q == null || q.isBlank() ? null
                : Rows.containsPattern(q);
        String orderBy = switch (order) {
            case "rating" -> "rating_average DESC NULLS LAST, rating_count DESC";
            case "newest" -> "published_at DESC";
            case "installs" -> "installs DESC";
            case "usage" -> "usage DESC";
            default -> "installs DESC, usage DESC, rating_average DESC NULLS LAST";
        };
        return pool.preparedQuery("SELECT count(*) AS n FROM prompt_templates t" + where).execute(Tuple.of(pattern, category))
                .chain(count -> pool.preparedQuery("SELECT * FROM (" + FIGURES + where + ") f ORDER BY " + orderBy + ", f.id LIMIT $3 OFFSET $4")
                        .execute(Tuple.of(pattern, category, page.size(), page.page() * page.size()))
                        .map(rows -> new Page<>(listings(rows), count.iterator().next().getLong("n"), page.page(), page.size())));
    }

    /** One listed template (its author and admins also see it while hidden). */
    public Uni<Listing> get(Caller caller, UUID templateId) {
        return pool.preparedQuery(FIGURES + " WHERE t.id = $1 AND t.deleted_at IS NULL AND (t.marketplace_status = 'listed'"
                + " OR (t.marketplace_status = 'hidden' AND (t.vendor_id = $2 OR $3)))").execute(Tuple.of(templateId, caller.vendorId(), caller.admin()))
                .map(rows -> {
                    List<Listing> found = listings(rows);
                    if (found.isEmpty()) {
                        throw ProblemException.notFound("Marketplace template", templateId);
                    }
                    return found.get(0);
                });
    }

    /** The reviews of a listed template, newest first. */
    public Uni<Page<Review>> reviews(Caller caller, UUID templateId, PageRequest page) {
        return get(caller, templateId).chain(listing -> pool.preparedQuery(
                "SELECT template_id, vendor_id, rating, review, created_at, updated_at FROM template_reviews WHERE template_id = $1"
                        + " ORDER BY updated_at DESC, vendor_id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(templateId, page.size(), page.page() * page.size()))
                .map(rows -> {
                    List<Review> items = new ArrayList<>();
                    rows.forEach(r -> items.add(new Review(r.getUUID("template_id"), r.getUUID("vendor_id"), r.getShort("rating"),
                            r.getString("review"), Rows.instant(r, "created_at"), Rows.instant(r, "updated_at"))));
                    return new Page<>(items, listing.ratingCount(), page.page(), page.size());
                }));
    }

    /** The most installed, used or best rated listed templates, this week or of all time. */
    public Uni<List<Listing>> leaderboard(String period, String by, int limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!PERIODS.contains(period)) {
            errors.add(Problem.FieldError.of("period", "must be one of " + String.join(", ", PERIODS)));
        }
        if (!RANKINGS.contains(by)) {
            errors.add(Problem.FieldError.of("by", "must be one of " + String.join(", ", RANKINGS)));
        }
        if (limit < 1 || limit > 100) {
            errors.add(Problem.FieldError.of("limit", "must be from 1 to 100"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("Invalid leaderboard.", errors));
        }
        boolean week = "week".equals(period);
        String column = switch (by) {
            case "usage" -> week ? "usage_week" : "usage";
            case "rating" -> week ? "rating_week" : "rating_average";
            default -> week ? "installs_week" : "installs";
        };
        return pool.preparedQuery("SELECT * FROM (" + FIGURES + " WHERE t.marketplace_status = 'listed' AND t.deleted_at IS NULL) f"
                + " WHERE " + column + " IS NOT NULL AND " + column + " > 0 ORDER BY " + column + " DESC, installs DESC, f.id LIMIT $1")
                .execute(Tuple.of(limit)).map(this::listings);
    }

    /** The caller's published templates with their figures (hidden ones included, with the reason). */
    public Uni<List<Listing>> mine(Caller caller) {
        return pool.preparedQuery(FIGURES + " WHERE t.vendor_id = $1 AND t.marketplace_status IS NOT NULL AND t.deleted_at IS NULL"
                + " ORDER BY t.published_at DESC").execute(Tuple.of(caller.vendorId())).map(this::listings);
    }

    private List<Listing> listings(Iterable<Row> rows) {
        List<Listing> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Listing(r.getUUID("id"), r.getString("name"), r.getString("description"), r.getString("category"),
                    r.getString("style"), r.getString("prompt_text"), r.getUUID("vendor_id"), r.getString("marketplace_status"),
                    r.getString("hidden_reason"), Rows.instant(r, "published_at"), r.getLong("installs"), r.getLong("installs_week"),
                    r.getLong("usage"), r.getLong("usage_week"), rounded(r.getDouble("rating_average")), r.getLong("rating_count")));
        }
        return out;
    }

    private static Double rounded(Double value) {
        return value == null ? null : Math.round(value * 100) / 100.0;
    }
}
