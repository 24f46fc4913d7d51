package studio.batch.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import studio.common.events.Priority;

/**
 * A batch request as the vendor sent it (already checked for shape by the resource): where its
 * prompts come from, how the images look, its priority, when it runs and whether earlier identical
 * images may be reused.
 *
 * @param priority urgent, normal or bulk; null: normal, or bulk when scheduled
 * @param schedule when it runs instead of at once (null: at once)
 * @param fresh true generates every image anew even where the vendor already has one for the identical request
 */
public record NewBatch(String name, Source source, Look look, Priority priority, Schedules.Schedule schedule, boolean fresh) {

    /** Where a batch's prompts come from. */
    public sealed interface Source permits Rows, Products, Single {

        /** The template named, if any. */
        UUID templateId();
    }

    /** Rows of variables for a template, one image each. */
    public record Rows(UUID templateId, List<Map<String, String>> rows) implements Source {
    }

    /**
     * Products, each one's variables filling one row; the variables a product has but the template
     * does not use are left out rather than refused.
     *
     * @param productIds the catalogue products the rows are, in order (each image is linked to its
     *        product); null for products described inline (linked where a prompt names one)
     */
    public record Products(UUID templateId, List<Map<String, String>> rows, List<UUID> productIds) implements Source {
    }

    /** A single image from a ready prompt, optionally remembering the template and the image it came from. */
    public record Single(String prompt, UUID templateId, Integer templateVersion, UUID basedOn) implements Source {
    }

    /** A single image: interactive (urgent) unless the request says otherwise. */
    public static NewBatch single(Single source, Look look, Priority priority, boolean fresh) {
        return new NewBatch("Single image", source, look, priority == null ? Priority.URGENT : priority, null, fresh);
    }

    /** This request, run at a time or in the vendor's off-peak window instead of at once (null: at once). */
    public NewBatch scheduled(Schedules.Schedule when) {
        return new NewBatch(name, source, look, priority, when, fresh);
    }

    /** This request with {@code fresh} set. */
    public NewBatch fresh(boolean fresh) {
        return new NewBatch(name, source, look, priority, schedule, fresh);
    }

    /** The rows a template renders, or null for a single prompt. */
    List<Map<String, String>> rows() {
        if (source instanceof Rows r) {
            return r.rows();
        }
        return source instanceof Products p ? p.rows() : null;
    }

    /** The request's field for its i-th prompt: {@code prompt} for a single image, else {@code rows[i]} or {@code products[i]}. */
    String promptField(int i) {
        if (source instanceof Single) {
            return "prompt";
        }
        return (source instanceof Products ? "products[" : "rows[") + i + "]";
    }
}
