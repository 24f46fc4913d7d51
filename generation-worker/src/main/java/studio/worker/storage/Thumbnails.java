package studio.worker.storage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A thumbnail whose longer side is {@value #MAX_SIDE} pixels, aspect ratio kept: JPEG (on white,
 * where the image had any transparency) or PNG with its transparency ({@link ImageFormat#thumbnail}).
 */
public final class Thumbnails {

    public static final int MAX_SIDE = 256;
    private static final float JPEG_QUALITY = 0.85f;

    private Thumbnails() {
    }

    public static byte[] of(byte[] image, ImageFormat format) {
        try {
            BufferedImage source = read(image);
            double scale = Math.min(1.0, MAX_SIDE / (double) Math.max(source.getWidth(), source.getHeight()));
            int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
            boolean jpeg = format == ImageFormat.JPEG;
            BufferedImage thumb = new BufferedImage(width, height, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = thumb.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                if (jpeg) {
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, width, height);
                }
                g.drawImage(source, 0, 0, width, height, null);
            } finally {
                g.dispose();
            }
            return jpeg ? jpeg(thumb) : png(thumb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The image, read from memory (ImageIO's own {@code read} of a stream copies it to a temporary
     * file first) and only every n-th pixel of every n-th row, n such that the result keeps at least
     * twice the thumbnail's side: a 1024 px image is read at 512 px, which the bilinear scaling then
     * halves. Storing the decoded pixels was a quarter of the worker's time with photo-sized PNGs.
     */
    static BufferedImage read(byte[] image) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("not an image the JDK can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / (2 * MAX_SIDE));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam quality = writer.getDefaultWriteParam();
            quality.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            quality.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), quality);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
