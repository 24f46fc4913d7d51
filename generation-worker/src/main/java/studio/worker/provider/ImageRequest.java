package studio.worker.provider;

import java.util.Map;

/** What a provider is asked to draw: the prompt, the catalog model, and the generation parameters. */
public record ImageRequest(String prompt, String model, Map<String, Object> parameters) {

    public String size() {
        Object size = parameters.get("size");
        return size == null || "auto".equals(size) ? "1024x1024" : size.toString();
    }

    public Long seed() {
        Object seed = parameters.get("seed");
        return seed == null ? null : Long.valueOf(seed.toString());
    }
}
