package studio.worker.provider;

import studio.common.catalog.Cost;
import studio.common.catalog.Usage;

/**
 * A provider's answer: the image's bytes (in the format asked for, PNG by default), who made it, the usage it reported ({@code usage} null when it
 * reported none), what the call cost, and the answer's rate limit headers (null without them).
 */
public record GeneratedImage(byte[] bytes, String provider, String model, Usage usage, Cost cost, ProviderLimits limits) {
}
