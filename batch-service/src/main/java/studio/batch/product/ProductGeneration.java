package studio.batch.product;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationBatch;
import studio.batch.repository.Product;
import studio.batch.service.BatchService;
import studio.batch.service.Look;
import studio.batch.service.NewBatch;
import studio.batch.service.PromptRendering;
import studio.common.events.Priority;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.persistence.NativeSql;

/**
 * Generating images for products: a batch over chosen catalogue products ("select 50 products"),
 * and auto-generation when a product is created (off unless the vendor turns it on, with its
 * template, style and parameters). A product created through the API or an import is generated
 * with the vendor's own token; one the vendor's shop published on {@code studio.products} with the
 * platform's service token ({@code studio.service-token}), which acts for the vendor named in its
 * header. Without a service token, products from the topic are kept but not auto-generated.
 */
@ApplicationScoped
public class ProductGeneration {

    private static final Logger LOG = Logger.getLogger(ProductGeneration.class);

    private final BatchService batches;
    private final PromptRendering rendering;
    private final Products products;
    private final ObjectMapper json;
    private final Optional<String> serviceToken;

    public ProductGeneration(BatchService batches, PromptRendering rendering, Products products, ObjectMapper json,
            @ConfigProperty(name = "studio.service-token") Optional<String> serviceToken) {
        this.batches = batches;
        this.rendering = rendering;
        this.products = products;
        this.json = json;
        this.serviceToken = serviceToken.filter(t -> !t.isBlank());
    }

    /** A vendor's product generation settings: auto-generation, and the defaults of product batches. */
    public record Settings(boolean autoGenerate, UUID templateId, UUID styleId, Map<String, Object> parameters) {
    }

    @WithSession
    public Uni<Settings> settings(UUID vendorId) {
        return current(vendorId);
    }

    private Uni<Settings> current(UUID vendorId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT auto_generate, cast(template_id AS text), cast(style_id AS text), cast(parameters AS text)"
                        + " FROM product_generation_settings WHERE vendor_id = ?1", Object[].class)
                .setParameter(1, vendorId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return new Settings(false, null, null, Map.of());
                    }
                    Object[] row = rows.get(0);
                    return new Settings(Boolean.TRUE.equals(row[0]), row[1] == null ? null : UUID.fromString((String) row[1]),
                            row[2] == null ? null : UUID.fromString((String) row[2]), parameters((String) row[3]));
                });
    }

    private Map<String, Object> parameters(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored generation parameters are not JSON", e);
        }
    }

    /** Saves the settings; auto-generation needs a template (400 otherwise). */
    @WithTransaction
    public Uni<Settings> save(UUID vendorId, String authorization, Settings settings) {
        if (settings.autoGenerate() && settings.templateId() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("Auto-generation needs a template.",
                    List.of(Problem.FieldError.of("templateId", "required when autoGenerate is true"))));
        }
        String parameters;
        try {
            parameters = json.writeValueAsString(settings.parameters() == null ? Map.of() : settings.parameters());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // the template must be one the vendor may use, as a batch's render would check
        return rendering.checkTemplate(vendorId, authorization, settings.templateId()).chain(() -> NativeSql.update(
                "INSERT INTO product_generation_settings (vendor_id, auto_generate, template_id, style_id, parameters)"
                + " VALUES (?1, ?2, ?3, ?4, cast(cast(?5 AS text) AS jsonb)) ON CONFLICT (vendor_id) DO UPDATE SET"
                + " auto_generate = excluded.auto_generate, template_id = excluded.template_id, style_id = excluded.style_id,"
                + " parameters = excluded.parameters, updated_at = now()",
                vendorId, settings.autoGenerate(), settings.templateId(), settings.styleId(), parameters))
                .chain(() -> current(vendorId));
    }

    /**
     * A product batch's request: which products, and (else the vendor's settings) template, style
     * or mix, tuning, parameters; {@code variables} are shared by every product.
     */
    public record Request(List<UUID> productIds, UUID templateId, UUID styleId, List<studio.batch.client.StyleClient.MixPart> mix,
            Map<String, Object> tuning, Map<String, Object> parameters, Priority priority, Map<String, String> variables) {

        public static Request of(List<UUID> productIds) {
            return new Request(productIds, null, null, null, null, null, null, null);
        }
    }

    /**
     * The batch over catalogue products that a request asks for: each product fills one row, and each
     * image will be linked to its product. Template, style and parameters default to the vendor's
     * settings; 400 for unknown products or no template at all.
     */
    public Uni<NewBatch> batchFor(UUID vendorId, Request request) {
        return Panache.withSession(() -> current(vendorId).chain(settings -> products.resolve(vendorId, request.productIds())
                .map(found -> {
                    UUID template = request.templateId() != null ? request.templateId() : settings.templateId();
                    if (template == null) {
                        throw ProblemException.invalid("Say which template to use.", List.of(Problem.FieldError.of("templateId",
                                "required, or set a default template in /api/vendor/media/products/generation-settings")));
                    }
                    boolean ownStyle = request.templateId() != null || request.styleId() != null || request.mix() != null;
                    Map<String, Object> parameters = request.parameters() != null ? request.parameters() : settings.parameters();
                    List<Map<String, String>> rows = found.stream().map(p -> {
                        Map<String, String> row = new java.util.LinkedHashMap<>(request.variables() == null ? Map.of() : request.variables());
                        row.putAll(p.variables());
                        return row;
                    }).toList();
                    return new NewBatch("Products: " + found.size() + " product(s)",
                            new NewBatch.Products(template, rows, request.productIds()),
                            new Look(ownStyle ? request.styleId() : settings.styleId(), request.mix(), request.tuning(), parameters),
                            request.priority(), null, false);
                })));
    }

    /**
     * Auto-generates images for newly created products when the vendor turned it on: one batch for
     * them all. {@code authorization} null: acts with the service token (products from the topic).
     * Answers the batch, or null when nothing was started; a failure is logged, never thrown (the
     * products are kept either way).
     */
    public Uni<GenerationBatch> onCreated(UUID vendorId, String authorization, List<Product> created) {
        if (created.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> current(vendorId)).chain(settings -> {
            if (!settings.autoGenerate()) {
                return Uni.createFrom().<GenerationBatch>nullItem();
            }
            String as = authorization != null ? authorization : serviceToken.map(t -> "Bearer " + t).orElse(null);
            if (as == null) {
                LOG.warnf("Vendor %s auto-generates, but %d product(s) from the shop were not generated: studio.service-token is not set",
                        vendorId, created.size());
                return Uni.createFrom().<GenerationBatch>nullItem();
            }
            List<UUID> ids = created.stream().map(p -> p.id).toList();
            return batchFor(vendorId, Request.of(ids)).chain(batch -> batches.create(vendorId, as, null, batch))
                    .map(BatchService.Created::batch)
                    .invoke(batch -> LOG.infof("Auto-generating %d new product(s) of vendor %s: batch %s", ids.size(), vendorId, batch.id))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("Auto-generation for vendor %s failed; the product(s) are kept: %s", vendorId, e.getMessage());
                        return null;
                    });
        });
    }
}
