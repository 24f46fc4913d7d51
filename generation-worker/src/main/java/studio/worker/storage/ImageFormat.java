package studio.worker.storage;

import java.util.Map;

/**
 * The formats images and thumbnails are stored in: what a request asks for ({@code output_format},
 * PNG by default), its file extension and content type.
 */
public enum ImageFormat {
    PNG("png", "image/png"), JPEG("jpg", "image/jpeg");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The ImageIO format name. */
    public String imageIoName() {
        return this == JPEG ? "jpeg" : "png";
    }

    /** The image format a job's parameters ask the provider for. */
    public static ImageFormat requested(Map<String, Object> parameters) {
        return parameters != null && "jpeg".equals(String.valueOf(parameters.get("output_format"))) ? JPEG : PNG;
    }

    /**
     * The format of a job's thumbnail: JPEG (a third of the time to encode, a fraction of the bytes)
     * unless a transparent background was asked for, whose transparency a thumbnail keeps in PNG.
     */
    public static ImageFormat thumbnail(Map<String, Object> parameters) {
        return parameters != null && "transparent".equals(String.valueOf(parameters.get("background"))) ? PNG : JPEG;
    }
}
