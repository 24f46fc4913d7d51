package studio.batch.csv;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import studio.batch.config.BatchConfig;
import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * An uploaded CSV (a batch's rows, the product catalogue) read within {@code studio.csv}'s limits:
 * the bytes read asynchronously, then parsed on a worker thread (a 10 MB file takes a while, and the
 * event loop serves everyone), resuming on the request's context.
 */
@ApplicationScoped
public class CsvUploads {

    private final Vertx vertx;
    private final long maxBytes;
    private final int maxRows;

    public CsvUploads(Vertx vertx, BatchConfig.Csv config) {
        this.vertx = vertx;
        this.maxBytes = config.maxBytes();
        this.maxRows = config.maxRows();
    }

    /** The file's rows; 400 without a file, 413 over the size or row limit ({@link CsvRows#parse}). */
    public Uni<CsvRows.Parsed> rows(FileUpload file, Character delimiter, Map<String, String> mapping) {
        return read(file).chain(content -> vertx.executeBlocking(
                Uni.createFrom().item(() -> CsvRows.parse(content, delimiter, mapping, maxRows))));
    }

    private Uni<byte[]> read(FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            return Uni.createFrom().failure(ProblemException.invalid("No file was uploaded.",
                    List.of(Problem.FieldError.of("file", "send the CSV as the multipart field 'file'"))));
        }
        if (file.size() > maxBytes) {
            return Uni.createFrom().failure(new ProblemException(413, "file-too-large", "File too large", "The file has " + file.size()
                    + " bytes; at most " + maxBytes + " are taken. Split it into several files.",
                    List.of(Problem.FieldError.of("file", "over " + maxBytes + " bytes"))));
        }
        return vertx.fileSystem().readFile(file.uploadedFile().toString()).map(buffer -> buffer.getBytes());
    }

    /** A form's {@code delimiter}: {@code ,} {@code ;} or {@code tab}; null (absent): detected from the file. */
    public static Character delimiter(String delimiter, List<Problem.FieldError> problems) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        switch (delimiter) {
            case ",":
                return ',';
            case ";":
                return ';';
            case "tab":
            case "\t":
                return '\t';
            default:
                problems.add(Problem.FieldError.of("delimiter", "one of , ; tab (or leave it out to detect it)"));
                return null;
        }
    }
}
