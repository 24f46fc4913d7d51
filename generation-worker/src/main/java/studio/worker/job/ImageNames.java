package studio.worker.job;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import studio.common.events.GenerationJob;
import studio.common.json.Canonical;
import studio.worker.storage.ImageFormat;

/**
 * Names of a job's objects. The key follows from the request: a SHA-256 over the model, the
 * parameters, the prompt, the item and the attempt, under the vendor's prefix; so a redelivered job
 * finds its image, another item or attempt never does, and vendors never share a prefix. The file
 * extensions follow the formats: the image's as asked ({@code output_format}), the thumbnail's JPEG
 * unless a transparent background was asked ({@link ImageFormat}). The file
 * name a download gets is the product's ({@code blue-dream-ai-generated-1a2b3c4d.png}: the seed's
 * smart naming, made unique by the key), or the prompt's first words when there is no product name.
 * {@link #of} hashes the job once for all of them.
 */
public record ImageNames(String imageKey, String thumbnailKey, String fileName, ImageFormat imageFormat, ImageFormat thumbnailFormat) {

    /** S3 allows 2 KB of user metadata in all; the prompt gets at most this much of it. */
    private static final int PROMPT_METADATA_BYTES = 1024;

    /** The names of a job's objects. */
    public static ImageNames of(GenerationJob job) {
        String digest = digest(job);
        ImageFormat image = ImageFormat.requested(job.parameters());
        ImageFormat thumbnail = ImageFormat.thumbnail(job.parameters());
        String prefix = "/" + job.vendorId() + "/" + digest + ".";
        return new ImageNames("images" + prefix + image.extension(), "thumbnails" + prefix + thumbnail.extension(),
                fileName(job, digest, image), image, thumbnail);
    }

    /** The hex digest that names the job's objects. */
    private static String digest(GenerationJob job) {
        Map<String, Object> request = new TreeMap<>();
        request.put("model", job.model());
        request.put("parameters", job.parameters() == null ? Map.of() : new TreeMap<>(job.parameters()));
        request.put("prompt", job.prompt());
        request.put("item", job.itemId().toString());
        request.put("attempt", job.attempt());
        return Canonical.sha256(Canonical.bytes(request));
    }

    /** {@code {product-name}-ai-generated-{8 hex}.png} (or {@code .jpg}). */
    private static String fileName(GenerationJob job, String digest, ImageFormat format) {
        String base = job.name() != null && !job.name().isBlank() ? job.name() : firstWords(job.prompt());
        String slug = Normalizer.normalize(base, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "image" : slug) + "-ai-generated-" + digest.substring(0, 8) + "." + format.extension();
    }

    /** The download's name: {@code attachment} with the file name. */
    public Map<String, String> headers() {
        return Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    /** What the stored image says about itself ({@code x-amz-meta-*}; ASCII, the prompt percent-encoded and cut to 1 KB). */
    public static Map<String, String> metadata(GenerationJob job) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", job.model());
        metadata.put("batch-id", job.batchId().toString());
        metadata.put("item-id", job.itemId().toString());
        metadata.put("attempt", String.valueOf(job.attempt()));
        Object seed = job.parameters() == null ? null : job.parameters().get("seed");
        if (seed != null) {
            metadata.put("seed", seed.toString());
        }
        String prompt = URLEncoder.encode(job.prompt(), StandardCharsets.UTF_8);
        if (prompt.length() > PROMPT_METADATA_BYTES) {
            prompt = prompt.substring(0, PROMPT_METADATA_BYTES).replaceAll("%[0-9A-F]?$", "");
            metadata.put("prompt-truncated", "true");
        }
        metadata.put("prompt", prompt);
        return metadata;
    }

    private static String firstWords(String prompt) {
        String[] words = prompt.strip().split("\\s+");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(6, words.length); i++) {
            out.append(i == 0 ? "" : " ").append(words[i]);
        }
        return out.toString();
    }
}
