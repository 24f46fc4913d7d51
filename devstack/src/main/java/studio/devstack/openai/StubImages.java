package studio.devstack.openai;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Real image files of the requested size, format and background, made once per kind and then
 * reused (bytes and base64 alike), so the stub keeps up with hundreds of requests a second.
 * <ul>
 * <li>{@link Content#PHOTO} (the default): pixels that vary as a photograph's do (light and colour
 * changing smoothly, a shaded subject, sensor grain), so a 1024x1024 PNG is about 2.5 MB and a JPEG
 * about a tenth of that, as the provider's are; four looks, chosen by the prompt;</li>
 * <li>{@link Content#FLAT}: one colour and a disc, a few kilobytes whatever the size, for runs that
 * measure the platform's bookkeeping apart from image bytes; sixteen colours, by the prompt.</li>
 * </ul>
 * A transparent background is transparent around the subject (PNG; JPEG has no alpha). WebP is not
 * encodable here (the JDK has no writer): it is answered with PNG bytes. The Batch API's output files
 * always carry flat images: the stub keeps its files in memory, and a file holds every line's image.
 */
final class StubImages {

    /** What the images show. */
    enum Content {
        PHOTO, FLAT
    }

    /** An encoded image and its base64, as the answer carries it. */
    record Image(byte[] bytes, String base64) {
    }

    private static final int CACHED = 24;
    private static final double GRAIN = 9.0;

    private final Map<String, Image> cache = Collections.synchronizedMap(new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            return size() > CACHED;
        }
    });

    Image render(String prompt, int width, int height, String format, boolean transparent, Content content) {
        String encoding = "jpeg".equals(format) ? "jpeg" : "png";
        boolean alpha = transparent && !"jpeg".equals(encoding);
        int look = Math.floorMod(prompt.hashCode(), content == Content.PHOTO ? 4 : 16);
        String key = content + "/" + width + "x" + height + "/" + encoding + "/" + alpha + "/" + look;
        return cache.computeIfAbsent(key, k -> {
            BufferedImage image = content == Content.PHOTO ? photo(width, height, alpha, look) : flat(width, height, alpha, look);
            byte[] bytes = encode(image, encoding);
            return new Image(bytes, Base64.getEncoder().encodeToString(bytes));
        });
    }

    private static BufferedImage flat(int width, int height, boolean alpha, int colour) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            if (!alpha) {
                g.setColor(Color.getHSBColor(colour / 16f, 0.45f, 0.85f));
                g.fillRect(0, 0, width, height);
            }
            g.setColor(Color.getHSBColor(colour / 16f, 0.6f, 0.55f));
            int inset = Math.min(width, height) / 8;
            g.fillOval(inset, inset, width - 2 * inset, height - 2 * inset);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A backdrop of smoothly varying light and colour, a shaded subject, and grain on every channel. */
    private static BufferedImage photo(int width, int height, boolean alpha, int look) {
        Random random = new Random(31L * look + 7);
        float hue = look / 4f + 0.08f;
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (!alpha) {
                BufferedImage field = new BufferedImage(7, 7, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 7; x++) {
                        float light = 0.45f + 0.4f * (1 - y / 7f) + 0.15f * random.nextFloat();
                        field.setRGB(x, y, Color.HSBtoRGB(hue + 0.06f * random.nextFloat(), 0.25f + 0.2f * random.nextFloat(),
                                Math.min(1f, light)));
                    }
                }
                g.drawImage(field, 0, 0, width, height, null);
            }
            float cx = width * (0.45f + 0.1f * random.nextFloat());
            float cy = height * (0.5f + 0.08f * random.nextFloat());
            float radius = Math.min(width, height) * 0.34f;
            g.setPaint(new RadialGradientPaint(new Point2D.Float(cx - radius / 3, cy - radius / 3), radius * 1.4f, new float[] { 0f, 0.55f, 1f },
                    new Color[] { Color.getHSBColor(hue + 0.5f, 0.35f, 0.95f), Color.getHSBColor(hue + 0.5f, 0.6f, 0.6f),
                            Color.getHSBColor(hue + 0.5f, 0.7f, 0.25f) },
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fillOval((int) (cx - radius), (int) (cy - radius * 1.15f), (int) (2 * radius), (int) (2.3f * radius));
        } finally {
            g.dispose();
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int a = argb >>> 24;
                if (alpha && a == 0) {
                    continue;
                }
                row[x] = (alpha ? a << 24 : 0xff000000) | grain(argb >> 16, random) << 16 | grain(argb >> 8, random) << 8 | grain(argb, random);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int grain(int channel, Random random) {
        return Math.max(0, Math.min(255, (channel & 0xff) + (int) Math.round(random.nextGaussian() * GRAIN)));
    }

    private static byte[] encode(BufferedImage image, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if ("jpeg".equals(format)) {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam quality = writer.getDefaultWriteParam();
                quality.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                quality.setCompressionQuality(0.85f);
                try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.write(null, new IIOImage(image, null, null), quality);
                } finally {
                    writer.dispose();
                }
            } else {
                ImageIO.write(image, "png", out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
