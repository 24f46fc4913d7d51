package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import studio.common.catalog.ModelCatalog;
import studio.common.tenancy.CurrentVendor;

/**
 * {@code GET /api/vendor/media/models}: the image models a request may name, as the catalog that
 * validates and prices them says (the studio's model pickers read it, so they never offer what a
 * batch would refuse).
 */
@Path("/api/vendor/media/models")
public class ModelResource {

    private final ModelCatalog catalog = ModelCatalog.builtIn();
    private final CurrentVendor vendor;

    public ModelResource(CurrentVendor vendor) {
        this.vendor = vendor;
    }

    /**
     * One model: its sizes ({@code customSizes}: any WIDTHxHEIGHT too), qualities, prompt limit, the
     * Standard/HD/Ultra presets, its other options, and the catalog's price of one image by quality
     * and size (an estimate; the real cost comes from the provider's usage). {@code shutdown} and
     * {@code successor}: the day its provider stops (or stopped) serving it and what replaces it, for
     * a model with a shutdown date. {@code outputFormats}: the formats its images may be asked in
     * ({@code output_format}; png, the default, keeps transparency, jpeg is a tenth of the bytes).
     */
    public record ModelView(String id, String provider, boolean isDefault, List<String> sizes, boolean customSizes,
            List<String> qualities, int maxPromptLength, Map<String, Map<String, Object>> qualityPresets,
            Map<String, List<String>> options, Map<String, Map<String, BigDecimal>> pricePerImageUsd, LocalDate shutdown,
            String successor, List<String> outputFormats) {
    }

    public record Models(String defaultModel, List<ModelView> models) {
    }

    /** The models a request may name today: those their provider still serves, and those allowed with {@value ModelCatalog#ALLOW_RETIRED}. */
    @Operation(summary = "The models a request may name today: those their provider still serves, and those studio.models.allow-retired allows")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    public Models list() {
        vendor.id(); // a token without a vendor is refused here too, as everywhere else
        return new Models(catalog.defaultModel(), catalog.usable(LocalDate.now(ZoneOffset.UTC)).stream()
                .map(m -> new ModelView(m.id(), m.provider(), m.id().equals(catalog.defaultModel()), m.sizes(), m.customSizes(),
                        m.qualities(), m.maxPromptLength(), m.qualityPresets() == null ? Map.of() : m.qualityPresets(), m.options(),
                        m.pricing() == null || m.pricing().perImage() == null ? Map.of() : m.pricing().perImage(),
                        m.availability() == null ? null : m.availability().shutdown(),
                        m.availability() == null ? null : m.availability().successor(), catalog.outputFormats(m)))
                .toList());
    }
}
