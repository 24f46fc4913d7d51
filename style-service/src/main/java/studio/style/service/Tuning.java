package studio.style.service;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a vendor tunes once for a request: the three sliders (0 to 100, 50 is neutral), a quality
 * preset, a negative prompt and a seed. Every field is optional.
 */
public record Tuning(
        @Min(0) @Max(100) Integer styleStrength,
        @Min(0) @Max(100) Integer creativity,
        @Min(0) @Max(100) Integer detailLevel,
        @Pattern(regexp = "standard|hd|ultra", message = "must be one of standard, hd, ultra") String quality,
        @Size(max = 1000) String negativePrompt,
        @Min(0) @Max(4_294_967_295L) Long seed) {

    public static final Tuning NONE = new Tuning(null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }
}
