package studio.template.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PromptRendererTest {

    @Test
    void fillsEveryPlaceholder() {
        var r = PromptRenderer.render("{product_name} ({strain_type}) on {background}",
                Map.of("product_name", "Blue Dream", "strain_type", "Hybrid", "background", "white"));
        assertThat(r.prompt()).isEqualTo("Blue Dream (Hybrid) on white");
        assertThat(r.ok()).isTrue();
    }

    @Test
    void reportsMissingAndUnknownVariables() {
        var r = PromptRenderer.render("{product_name} by {brand_name}", Map.of("product_nme", "Typo", "brand_name", " "));
        assertThat(r.missing()).containsExactly("product_name", "brand_name");
        assertThat(r.unknown()).containsExactly("product_nme");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void escapedBraceIsLiteralAndValuesAreNotExpandedAgain() {
        var r = PromptRenderer.render("\\{product_name} means {product_name}", Map.of("product_name", "{custom_1}"));
        assertThat(r.prompt()).isEqualTo("{product_name} means {custom_1}");
        assertThat(r.ok()).isTrue();
    }

    @Test
    void listsVariablesInOrderOfAppearance() {
        assertThat(PromptRenderer.variables("{b} {a} {b} \\{c}")).containsExactly("b", "a");
    }
}
