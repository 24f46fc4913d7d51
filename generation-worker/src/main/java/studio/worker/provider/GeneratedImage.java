package studio.worker.provider;

import studio.common.catalog.ModelCatalog;
import studio.common.catalog.Usage;

/**
 * A provider's answer: PNG bytes, who made it, the usage it reported ({@code usage} null when it
 * reported none) and what the call cost.
 */
public record GeneratedImage(byte[] png, String provider, String model, Usage usage, ModelCatalog.Cost cost) {
}
