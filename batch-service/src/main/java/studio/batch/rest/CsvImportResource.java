package studio.batch.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import studio.batch.config.BatchConfig;
import studio.batch.csv.CsvRows;
import studio.batch.service.BatchPreview;
import studio.batch.service.BatchService;
import studio.batch.service.Costs;
import studio.batch.service.Estimates;
import studio.batch.service.Look;
import studio.batch.service.NewBatch;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/**
 * {@code /api/vendor/media/generate/batch/csv}: a batch from an uploaded product CSV, and its preview.
 * Both take a multipart form: {@code file}, {@code templateId}, and optionally {@code mapping} (JSON,
 * column to variable), {@code delimiter} ({@code ,} {@code ;} or {@code tab}); the batch also takes
 * {@code name}, {@code styleId}, {@code mix}, {@code tuning}, {@code parameters} (JSON) and
 * {@code priority}. Problems name their CSV line and column.
 */
@Path("/api/vendor/media/generate/batch/csv")
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class CsvImportResource {

    private static final Pattern ROW_FIELD = Pattern.compile("^rows\\[(\\d+)\\](?:\\.(.+))?$");
    /** How many rendered prompts a preview shows. */
    private static final int PREVIEW_PROMPTS = 5;

    private final BatchService service;
    private final BatchPreview previews;
    private final Estimates estimates;
    private final CurrentVendor vendor;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final long maxBytes;
    private final int maxRows;

    public CsvImportResource(BatchService service, BatchPreview previews, Estimates estimates, CurrentVendor vendor, ObjectMapper json, Vertx vertx,
            BatchConfig.Csv config) {
        this.service = service;
        this.previews = previews;
        this.estimates = estimates;
        this.vendor = vendor;
        this.json = json;
        this.vertx = vertx;
        this.maxBytes = config.maxBytes();
        this.maxRows = config.maxRows();
    }

    /** The batch screen's preview of a CSV. */
    public record CsvPreview(int rows, List<String> columns, Map<String, String> mapping, List<String> ignoredColumns,
            Integer templateVersion, List<String> prompts, List<Problem.FieldError> problems, BigDecimal estimatedCostUsd,
            Long estimatedSeconds, Costs.Budget budget) {
    }

    /**
     * What a batch from this CSV would be, without creating it: rows found, the mapping used, the first
     * prompts as they will be sent, every problem by line and column (a budget the batch would exceed
     * too), the estimated cost and time and the vendor's budget: 200; 400 or 413 for a file that
     * cannot be read at all.
     */
    @POST
    @Path("/preview")
    public Uni<CsvPreview> preview(@HeaderParam("Authorization") String authorization, @RestForm("file") FileUpload file,
            @RestForm String templateId, @RestForm String mapping, @RestForm String delimiter, @RestForm String styleId,
            @RestForm String mix, @RestForm String tuning, @RestForm String parameters) {
        UUID vendorId = vendor.id();
        return rows(vertx, file, maxBytes, delimiter(delimiter), stringMap("mapping", mapping), maxRows)
                .chain(parsed -> previews.preview(vendorId, authorization, request(parsed, null, templateId, styleId, mix, tuning, parameters,
                        null), PREVIEW_PROMPTS).map(preview -> {
                            List<Problem.FieldError> problems = new ArrayList<>(parsed.problems());
                            problems.addAll(preview.problems());
                            return new CsvPreview(parsed.rows().size(), parsed.columns(), parsed.mapping(), parsed.ignoredColumns(),
                                    preview.templateVersion(), preview.prompts(), located(problems, parsed), preview.estimatedCostUsd(),
                                    preview.estimatedSeconds(), preview.budget());
                        }));
    }

    /**
     * Creates the batch from the CSV as {@code POST .../batch} does from JSON rows: 202; 400 listing
     * every problem with its line and column (formula-looking cells, missing or unknown variables,
     * prompts over the model's limit), nothing created; 413 over the size or row limit.
     */
    @APIResponse(responseCode = "202", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResource.BatchView.class)))
    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @RestForm("file") FileUpload file, @RestForm String templateId, @RestForm String mapping, @RestForm String delimiter,
            @RestForm String name, @RestForm String styleId, @RestForm String mix, @RestForm String tuning,
            @RestForm String parameters, @RestForm String priority, @RestForm String scheduledFor, @RestForm String schedule, @RestForm String fresh) {
        BatchResource.checkIdempotencyKey(idempotencyKey);
        UUID vendorId = vendor.id();
        return rows(vertx, file, maxBytes, delimiter(delimiter), stringMap("mapping", mapping), maxRows)
                .chain(parsed -> {
                    if (!parsed.problems().isEmpty()) {
                        throw ProblemException.invalid(parsed.problems().size() + " cell(s) cannot be imported.",
                                located(parsed.problems(), parsed));
                    }
                    return service.create(vendorId, authorization, idempotencyKey,
                            request(parsed, name, templateId, styleId, mix, tuning, parameters, priority)
                                    .scheduled(BatchResource.schedule(instant("scheduledFor", scheduledFor), blankToNull(schedule)))
                                    .fresh("true".equalsIgnoreCase(blankToNull(fresh))))
                            .onFailure(ProblemException.class).transform(e -> ((ProblemException) e)
                                    .withErrors(located(((ProblemException) e).errors(), parsed)));
                })
                .chain(created -> BatchResource.accepted(estimates, created));
    }

    /**
     * An uploaded CSV's rows: read asynchronously, then parsed on a worker thread (a 10 MB file takes
     * a while, and the event loop serves everyone), resuming on the request's context.
     */
    static Uni<CsvRows.Parsed> rows(Vertx vertx, FileUpload file, long maxBytes, Character delimiter, Map<String, String> mapping,
            int maxRows) {
        return read(vertx, file, maxBytes).chain(content -> vertx.executeBlocking(
                Uni.createFrom().item(() -> CsvRows.parse(content, delimiter, mapping, maxRows))));
    }

    /** An uploaded CSV's bytes, read off the event loop's thread; 400 without a file, 413 over {@code maxBytes}. */
    static Uni<byte[]> read(Vertx vertx, FileUpload file, long maxBytes) {
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

    private NewBatch request(CsvRows.Parsed parsed, String name, String templateId, String styleId, String mix,
            String tuning, String parameters, String priority) {
        List<Problem.FieldError> problems = new ArrayList<>();
        UUID template = uuid("templateId", templateId, true, problems);
        UUID style = uuid("styleId", styleId, false, problems);
        List<BatchResource.MixPart> parts = parse("mix", mix, new TypeReference<List<BatchResource.MixPart>>() {
        }, problems);
        Map<String, Object> tuningMap = parse("tuning", tuning, new TypeReference<Map<String, Object>>() {
        }, problems);
        Map<String, Object> parameterMap = parse("parameters", parameters, new TypeReference<Map<String, Object>>() {
        }, problems);
        if (priority != null && !priority.matches("urgent|normal|bulk")) {
            problems.add(Problem.FieldError.of("priority", "must be one of urgent, normal, bulk"));
        }
        if (name != null && name.length() > 255) {
            problems.add(Problem.FieldError.of("name", "at most 255 characters"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems.size() + " problem(s) in the form.", problems);
        }
        return new NewBatch(name, new NewBatch.Rows(template, parsed.rows()), new Look(style, BatchResource.mix(parts), tuningMap,
                parameterMap), priority, null, false);
    }

    /** A form's time (ISO-8601, for example 2026-12-01T02:00:00Z); 400 when malformed. */
    private static java.time.Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid("The form has a malformed time.", List.of(Problem.FieldError.of(field,
                    "an ISO-8601 time with its offset, for example 2026-12-01T02:00:00Z")));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Field errors about rows[i] get the CSV line of row i and the column of the variable. */
    private static List<Problem.FieldError> located(List<Problem.FieldError> errors, CsvRows.Parsed parsed) {
        Map<String, String> columnOf = new HashMap<>();
        parsed.mapping().forEach((column, variable) -> columnOf.put(variable, column));
        List<Problem.FieldError> located = new ArrayList<>(errors.size());
        for (Problem.FieldError e : errors) {
            Matcher m = e.field() == null ? null : ROW_FIELD.matcher(e.field());
            if (m == null || !m.matches() || e.line() != null) {
                located.add(e);
                continue;
            }
            int row = Integer.parseInt(m.group(1));
            Integer line = row < parsed.lines().size() ? parsed.lines().get(row).intValue() : null;
            String column = m.group(2) == null ? null : columnOf.getOrDefault(m.group(2), null);
            String message = m.group(2) != null && column == null ? e.message() + " (no column is mapped to " + m.group(2) + ")"
                    : e.message();
            located.add(new Problem.FieldError(e.field(), message, line, column));
        }
        return located;
    }

    static Character delimiter(String delimiter) {
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
                throw ProblemException.invalid("Unknown delimiter.", List.of(Problem.FieldError.of("delimiter",
                        "one of , ; tab (or leave it out to detect it)")));
        }
    }

    private Map<String, String> stringMap(String field, String value) {
        List<Problem.FieldError> problems = new ArrayList<>();
        Map<String, String> map = parse(field, value, new TypeReference<Map<String, String>>() {
        }, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The form is invalid.", problems);
        }
        return map;
    }

    private <T> T parse(String field, String value, TypeReference<T> type, List<Problem.FieldError> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return json.readValue(value, type);
        } catch (java.io.IOException e) {
            problems.add(Problem.FieldError.of(field, "not valid JSON of the expected shape"));
            return null;
        }
    }

    private static UUID uuid(String field, String value, boolean required, List<Problem.FieldError> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(Problem.FieldError.of(field, "must not be blank"));
            }
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.FieldError.of(field, "not a UUID"));
            return null;
        }
    }
}
