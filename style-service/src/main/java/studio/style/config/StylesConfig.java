package studio.style.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code studio.styles.*}: what a style's gallery preview is made of. */
@ConfigMapping(prefix = "studio.styles")
public interface StylesConfig {

    /** The sample products a preview batch renders the style for. */
    List<String> previewSubjects();

    /** The quality of a preview's images (cheap by default). */
    @WithDefault("low")
    String previewQuality();
}
