package studio.devstack.openai;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Real image files of the requested size, coloured after the prompt (16 colours), encoded once
 * per (size, format, colour) and then reused, so the stub keeps up with hundreds of requests.
 */
final class StubImages {

    private static final int CACHED = 64;

    private final Map<String, byte[]> cache = Collections.synchronizedMap(new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    });

    byte[] render(String prompt, int width, int height, String format) {
        int colour = Math.floorMod(prompt.hashCode(), 16);
        String key = width + "x" + height + "/" + format + "/" + colour;
        return cache.computeIfAbsent(key, k -> encode(width, height, format, colour));
    }

    private static byte[] encode(int width, int height, String format, int colour) {
        boolean jpeg = "jpeg".equals(format);
        BufferedImage image = new BufferedImage(width, height, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.getHSBColor(colour / 16f, 0.45f, 0.85f));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.getHSBColor(colour / 16f, 0.6f, 0.55f));
            int inset = Math.min(width, height) / 8;
            g.fillOval(inset, inset, width - 2 * inset, height - 2 * inset);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, jpeg ? "jpeg" : "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
