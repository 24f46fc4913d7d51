package studio.worker.provider;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import studio.common.catalog.Cost;
import studio.worker.storage.ImageFormat;

/**
 * The offline renderer, used when no provider key is configured: a deterministic picture from the
 * prompt and the seed (same inputs, same bytes), visibly marked PLACEHOLDER, at no cost.
 */
@ApplicationScoped
public class PlaceholderProvider implements ImageProvider {

    public static final String NAME = "placeholder";

    private final java.util.concurrent.Executor drawing;

    /** Draws on the worker's small work pool (a drawn image is megabytes until encoded). */
    @jakarta.inject.Inject
    public PlaceholderProvider(studio.worker.engine.WorkPool pool) {
        this.drawing = pool.images();
    }

    /** Draws on the calling thread (tests, tools). */
    public PlaceholderProvider() {
        this.drawing = Runnable::run;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String account() {
        return NAME;
    }

    @Override
    public boolean limited() {
        return false;
    }

    /** Drawn off the event loop (it is CPU work). */
    @Override
    public Uni<GeneratedImage> generate(ImageRequest request) {
        return Uni.createFrom().item(() -> draw(request)).runSubscriptionOn(drawing);
    }

    /** The image itself, synchronously: the same inputs give the same bytes. */
    public GeneratedImage draw(ImageRequest request) {
        String[] size = request.size().split("x");
        int width = Integer.parseInt(size[0]);
        int height = Integer.parseInt(size[1]);
        CRC32 crc = new CRC32();
        crc.update((request.prompt() + "\u0000" + request.seed()).getBytes(StandardCharsets.UTF_8));
        Random random = new Random(crc.getValue());

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float hue = random.nextFloat();
            g.setColor(Color.getHSBColor(hue, 0.35f, 0.92f));
            g.fillRect(0, 0, width, height);
            g.setColor(Color.getHSBColor(hue, 0.45f, 0.78f));
            g.setStroke(new BasicStroke(Math.max(4, width / 64f)));
            for (int x = -height; x < width; x += Math.max(32, width / 12)) {
                g.drawLine(x, height, x + height, 0);
            }
            for (int i = 0; i < 5; i++) {
                g.setColor(Color.getHSBColor((hue + random.nextFloat() * 0.3f) % 1f, 0.6f, 0.6f));
                int r = (int) (Math.min(width, height) * (0.08 + random.nextDouble() * 0.12));
                g.fillOval(random.nextInt(Math.max(1, width - 2 * r)), random.nextInt(Math.max(1, height - 2 * r)), 2 * r, 2 * r);
            }
            mark(g, width, height, request.prompt());
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, ImageFormat.requested(request.parameters()).imageIoName(), out);
            return new GeneratedImage(out.toByteArray(), NAME, request.model(), null, Cost.none(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mark(Graphics2D g, int width, int height, String prompt) {
        int band = Math.max(40, height / 6);
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(0, (height - band) / 2, width, band);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(14, band / 3)));
        g.drawString("PLACEHOLDER", width / 20, height / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, band / 6)));
        g.drawString(prompt.length() > 60 ? prompt.substring(0, 57) + "..." : prompt, width / 20, height / 2 + band / 4);
    }
}
