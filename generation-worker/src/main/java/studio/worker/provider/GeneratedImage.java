package studio.worker.provider;

import java.math.BigDecimal;

/**
 * A provider's answer: PNG bytes, who made it, and what it cost when that is known ({@code costUsd}
 * null: the provider reported no price; {@code tokens} null: it reported no usage).
 */
public record GeneratedImage(byte[] png, String provider, String model, Integer tokens, BigDecimal costUsd) {
}
