package studio.batch.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import studio.batch.client.StyleClient;

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
