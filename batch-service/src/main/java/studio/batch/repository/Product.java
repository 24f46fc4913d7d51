package studio.batch.repository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One of a vendor's products: what its images are generated for and linked to. */
@Entity
@Table(name = "products")
public class Product {

    @Id
    public UUID id;

    @Column(name = "vendor_id", nullable = false)
    public UUID vendorId;

    /** The e-commerce platform's own id of the product; null for one made here. */
    @Column(name = "external_id")
    public String externalId;

    @Column(nullable = false)
    public String name;

    public String category;

    @Column(name = "strain_type")
    public String strainType;

    public String brand;

    /** Further template variables, such as {@code custom_1}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> custom = new LinkedHashMap<>();

    /** The image the vendor chose as the product's own (a completed image linked to it), or null. */
    @Column(name = "image_item_id")
    public UUID imageItemId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The template variables this product fills: {@code {product_name}}, {@code {category}},
     * {@code {strain_type}}, {@code {brand_name}} and its custom fields.
     */
    public Map<String, String> variables() {
        return variables(name, category, strainType, brand, custom);
    }

    /**
     * The template variables of a product however it is given (a catalogue product, or one described
     * inline in a batch request): custom fields first, the seed's product variables over them.
     */
    public static Map<String, String> variables(String name, String category, String strainType, String brand, Map<String, String> custom) {
        Map<String, String> row = new LinkedHashMap<>(custom == null ? Map.of() : custom);
        row.put("product_name", name);
        putIfPresent(row, "category", category);
        putIfPresent(row, "strain_type", strainType);
        putIfPresent(row, "brand_name", brand);
        return row;
    }

    private static void putIfPresent(Map<String, String> row, String variable, String value) {
        if (value != null && !value.isBlank()) {
            row.put(variable, value);
        }
    }
}
