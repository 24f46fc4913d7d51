package studio.batch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The key under which an identical request finds the vendor's earlier image. */
class ImageCacheKeyTest {

    @Test
    void theSameRequestWrittenDifferentlyHasOneKey() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("size", "1024x1024");
        one.put("quality", "low");
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("quality", "low");
        other.put("size", "1024x1024");

        assertThat(ImageCache.cacheKey("gpt-image-2", "  A Blue   Dream jar ", one))
                .isEqualTo(ImageCache.cacheKey("gpt-image-2", "a blue dream JAR", other))
                .hasSize(64);
    }

    @Test
    void anotherModelPromptOrParameterIsAnotherImage() {
        String key = ImageCache.cacheKey("gpt-image-2", "a jar", Map.of("quality", "low"));

        assertThat(ImageCache.cacheKey("gpt-image-1.5", "a jar", Map.of("quality", "low"))).isNotEqualTo(key);
        assertThat(ImageCache.cacheKey("gpt-image-2", "a jar on a table", Map.of("quality", "low"))).isNotEqualTo(key);
        assertThat(ImageCache.cacheKey("gpt-image-2", "a jar", Map.of("quality", "high"))).isNotEqualTo(key);
        assertThat(ImageCache.cacheKey("gpt-image-2", "a jar", null)).isEqualTo(ImageCache.cacheKey("gpt-image-2", "a jar", Map.of()));
        // the boundary between model and prompt is part of the key
        assertThat(ImageCache.cacheKey("ab", "c", Map.of())).isNotEqualTo(ImageCache.cacheKey("a", "bc", Map.of()));
    }
}
