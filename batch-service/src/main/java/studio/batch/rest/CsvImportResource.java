package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import studio.batch.csv.CsvRows;
import studio.batch.csv.CsvUploads;
import studio.batch.service.BatchPreview;
import studio.batch.service.BatchService;
import studio.batch.service.Costs;
import studio.batch.service.Estimates;
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
    private final CsvUploads uploads;

    public CsvImportResource(BatchService service, BatchPreview previews, Estimates estimates, CurrentVendor vendor, ObjectMapper json,
            CsvUploads uploads) {
        this.service = service;
        this.previews = previews;
        this.estimates = estimates;
        this.vendor = vendor;
        this.json = json;
        this.uploads = uploads;
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
    @Operation(summary = "What a batch from this CSV would be, without creating it: rows found, the mapping used, the first prompts as they will be sent, every problem by line and column (a budget the batch would exceed too), the estimated cost and time and the vendor's budget")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For a file that cannot be read at all, or a form field that is malformed")
    @APIResponse(responseCode = "413", description = "Over the size or row limit")
    @POST
    @Path("/preview")
    public Uni<CsvPreview> preview(@HeaderParam("Authorization") String authorization, @BeanParam CsvForms.Preview form) {
        UUID vendorId = vendor.id();
        CsvForms.CsvRequest request = form.check(json);
        return uploads.rows(form.file(), request.delimiter(), request.mapping())
                .chain(parsed -> previews.preview(vendorId, authorization, request.batch(parsed.rows()), PREVIEW_PROMPTS).map(preview -> {
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
    @Operation(summary = "Creates the batch from the CSV as POST .../batch does from JSON rows")
    @APIResponse(responseCode = "400", description = "Listing every problem with its line and column (formula-looking cells, missing or unknown variables, prompts over the model's limit), nothing created")
    @APIResponse(responseCode = "413", description = "Over the size or row limit")
    @APIResponse(responseCode = "202", description = "The batch, stored with its items and jobs, and its Location", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchResource.BatchView.class)))
    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @BeanParam CsvForms.Batch form) {
        Accepted.checkIdempotencyKey(idempotencyKey);
        UUID vendorId = vendor.id();
        CsvForms.CsvRequest request = form.check(json);
        return uploads.rows(form.file(), request.delimiter(), request.mapping())
                .chain(parsed -> {
                    if (!parsed.problems().isEmpty()) {
                        throw ProblemException.invalid(parsed.problems().size() + " cell(s) cannot be imported.",
                                located(parsed.problems(), parsed));
                    }
                    return service.create(vendorId, authorization, idempotencyKey, request.batch(parsed.rows()))
                            .onFailure(ProblemException.class).transform(e -> ((ProblemException) e)
                                    .withErrors(located(((ProblemException) e).errors(), parsed)));
                })
                .chain(created -> Accepted.batch(estimates, created));
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
}
