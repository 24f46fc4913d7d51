package studio.batch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import studio.common.catalog.Model;
import studio.common.catalog.ModelCatalog;
import studio.common.events.Lane;

/** Estimates by lane: the bulk lane at the Batch API's price when the workers use it. */
class EstimatesTest {

    private final Model model = ModelCatalog.builtIn().find("gpt-image-2").orElseThrow();
    private final Map<String, Object> low = Map.of("quality", "low", "size", "1024x1024");

    @Test
    void theBulkLaneIsPricedAtItsFactorAndTheOtherLanesAtTheCatalogsPrice() {
        Estimates halved = new Estimates(60, 0.5);
        assertThat(halved.price(model, Lane.BULK, low, 400)).isEqualByComparingTo(model.estimate(low, 400).divide(java.math.BigDecimal.valueOf(2)));
        assertThat(halved.price(model, Lane.STANDARD, low, 400)).isEqualByComparingTo(model.estimate(low, 400));
        assertThat(halved.price(model, Lane.INTERACTIVE, low, 400)).isEqualByComparingTo(model.estimate(low, 400));
        assertThat(new Estimates(60, 1.0).price(model, Lane.BULK, low, 400)).isEqualByComparingTo(model.estimate(low, 400));
    }

    @Test
    void aFactorOutsideZeroToOneIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new Estimates(60, 0)).hasMessageContaining("bulk-price-factor");
        assertThatThrownBy(() -> new Estimates(60, 1.5)).hasMessageContaining("bulk-price-factor");
    }
}
