package studio.common.catalog;

import java.math.BigDecimal;

/**
 * An amount in USD and how it was found: {@value #USAGE} (the provider's reported usage),
 * {@value #BATCH} (the reported usage at the Batch API's discount), {@value #CATALOG} (the
 * published price) or {@value #NONE} (no paid call was made).
 */
public record Cost(BigDecimal usd, String basis) {
    public static final String USAGE = "usage";
    public static final String CATALOG = "catalog";
    public static final String BATCH = "batch";
    public static final String NONE = "none";

    /** Nothing paid: no call reached a paid provider. */
    public static Cost none() {
        return new Cost(BigDecimal.ZERO.setScale(Pricing.SCALE), NONE);
    }
}
