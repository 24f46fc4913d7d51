package studio.template.service;

import java.util.Map;

/**
 * A variable a template uses: its name, what it means, an optional default, and whether a row must
 * give it a value. The standard variables of the platform need no declaration.
 */
public record TemplateVariable(String name, String description, String defaultValue, Boolean required) {

    /** The platform's standard variables and what they mean. */
    public static final Map<String, String> STANDARD = Map.of(
            "product_name", "Product name",
            "category", "Product category (flower, pre-rolls, vapes, edibles, ...)",
            "strain_type", "Indica, Sativa or Hybrid",
            "brand_name", "The vendor's brand",
            "custom_1", "Custom field 1",
            "custom_2", "Custom field 2",
            "style", "Style words",
            "background", "Background colour or setting");

    /** Required unless it says otherwise or has a default. */
    public boolean isRequired() {
        return required != null ? required : defaultValue == null;
    }
}
