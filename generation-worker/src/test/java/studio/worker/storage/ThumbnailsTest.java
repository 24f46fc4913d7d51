package studio.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ThumbnailsTest {

    @Test
    void aLargeImageIsReadAtTwiceTheThumbnailsSideAndScaledWithItsAspectRatio() throws IOException {
        byte[] png = encode(photoLike(1024, 512, BufferedImage.TYPE_INT_RGB), "png");
        assertThat(Thumbnails.read(png).getWidth()).isEqualTo(512);
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(Thumbnails.of(png, ImageFormat.JPEG)));
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(thumb.getHeight()).isEqualTo(128);
    }

    @Test
    void readingEveryOtherPixelLooksLikeReadingThemAll() throws IOException {
        BufferedImage photo = photoLike(1024, 1024, BufferedImage.TYPE_INT_RGB);
        byte[] thumb = Thumbnails.of(encode(photo, "png"), ImageFormat.PNG);
        // the same thumbnail from every pixel, as before
        BufferedImage full = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = full.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, 256, 256, null);
        g.dispose();
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(thumb));
        long difference = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int a = read.getRGB(x, y);
                int b = full.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    difference += Math.abs((a >> shift & 0xff) - (b >> shift & 0xff));
                }
            }
        }
        // about 2.9 levels of 255 on average, from the fine stripes; reading every fourth pixel gives 6
        assertThat(difference / (256.0 * 256 * 3)).isLessThan(4.0);
    }

    @Test
    void aSmallTransparentImageKeepsItsSizeAndItsTransparency() throws IOException {
        BufferedImage small = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = small.createGraphics();
        g.setColor(new Color(200, 30, 30, 255));
        g.fillOval(50, 0, 100, 100);
        g.dispose();
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(Thumbnails.of(encode(small, "png"), ImageFormat.PNG)));
        assertThat(thumb.getWidth()).isEqualTo(200);
        assertThat(thumb.getColorModel().hasAlpha()).isTrue();
        assertThat(thumb.getRGB(0, 0) >>> 24).isZero();
        assertThat(thumb.getRGB(100, 50) >>> 24).isEqualTo(255);
    }

    /** A gradient, circles and 1 px stripes: detail that reading too few pixels would alias. */
    private static BufferedImage photoLike(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 80, 160), width, height, new Color(240, 200, 90)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(20, 20, 20));
        for (int x = 0; x < width / 3; x += 3) {
            g.fillRect(x, height / 2, 1, height / 4);
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color((i * 37) % 256, (i * 91) % 256, (i * 53) % 256, 160));
            g.fillOval((i * 97) % width, (i * 61) % height, 40 + i * 3, 40 + i * 2);
        }
        g.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
