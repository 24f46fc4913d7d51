package studio.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class PlaceholderProviderTest {

    private final PlaceholderProvider provider = new PlaceholderProvider();

    @Test
    void samePromptAndSeedGiveTheSameImage() {
        var request = new ImageRequest("Blue Dream on white", "gpt-image-2", Map.of("seed", 7, "size", "512x512"));
        assertThat(provider.draw(request).bytes()).isEqualTo(provider.draw(request).bytes());
    }

    @Test
    void anotherSeedGivesAnotherImage() {
        byte[] a = provider.draw(new ImageRequest("Blue Dream", "gpt-image-2", Map.of("seed", 1, "size", "512x512"))).bytes();
        byte[] b = provider.draw(new ImageRequest("Blue Dream", "gpt-image-2", Map.of("seed", 2, "size", "512x512"))).bytes();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void isARealPngOfTheRequestedSizeAtNoCost() throws Exception {
        var image = provider.draw(new ImageRequest("x", "gpt-image-2", Map.of("size", "1536x1024")));
        var decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(decoded.getWidth()).isEqualTo(1536);
        assertThat(decoded.getHeight()).isEqualTo(1024);
        assertThat(image.provider()).isEqualTo("placeholder");
        assertThat(image.cost().usd()).isZero();
        assertThat(image.cost().basis()).isEqualTo("none");
    }
}
