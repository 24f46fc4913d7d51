package studio.batch.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import studio.batch.csv.CsvUploads;
import studio.batch.service.Look;
import studio.batch.service.NewBatch;
import studio.batch.service.Schedules;
import studio.common.events.Priority;

/**
 * The multipart forms of {@code .../batch/csv} and its preview, each one record; {@code check}
 * reads every text field as what it stands for and refuses the form with all its problems at once
 * (400, before the file is read). JSON fields: {@code mapping} (column to variable), {@code mix},
 * {@code tuning}, {@code parameters}.
 */
final class CsvForms {

    private CsvForms() {
    }

    /** A checked form: how to read the file, and the batch its rows become. */
    record CsvRequest(Character delimiter, Map<String, String> mapping, String name, UUID templateId, Look look, Priority priority,
            Schedules.Schedule schedule, boolean fresh) {

        NewBatch batch(List<Map<String, String>> rows) {
            return new NewBatch(name, new NewBatch.Rows(templateId, rows), look, priority, schedule, fresh);
        }
    }

    /** {@code POST .../batch/csv/preview}: what shapes the prompts and their price. */
    record Preview(@RestForm("file") FileUpload file, @RestForm String templateId, @RestForm String mapping, @RestForm String delimiter,
            @RestForm String styleId, @RestForm String mix, @RestForm String tuning, @RestForm String parameters,
            @RestForm String priority) {

        CsvRequest check(ObjectMapper json) {
            FormFields form = new FormFields(json);
            CsvRequest request = new CsvRequest(CsvUploads.delimiter(delimiter, form.problems()), columnMapping(form, mapping), null,
                    form.uuid("templateId", templateId, true), look(form, styleId, mix, tuning, parameters), form.priority(priority),
                    null, false);
            form.orRefuse();
            return request;
        }
    }

    /** {@code POST .../batch/csv}: the preview's fields, and the batch's name, schedule and {@code fresh}. */
    record Batch(@RestForm("file") FileUpload file, @RestForm String templateId, @RestForm String mapping, @RestForm String delimiter,
            @RestForm String name, @RestForm String styleId, @RestForm String mix, @RestForm String tuning, @RestForm String parameters,
            @RestForm String priority, @RestForm String scheduledFor, @RestForm String schedule, @RestForm String fresh) {

        CsvRequest check(ObjectMapper json) {
            FormFields form = new FormFields(json);
            Character separator = CsvUploads.delimiter(delimiter, form.problems());
            Map<String, String> columns = columnMapping(form, mapping);
            String batchName = form.text("name", name, 255);
            UUID template = form.uuid("templateId", templateId, true);
            Look look = look(form, styleId, mix, tuning, parameters);
            Priority chosen = form.priority(priority);
            java.time.Instant at = form.instant("scheduledFor", scheduledFor);
            String kind = FormFields.text(schedule);
            form.problems().addAll(Schedules.problems(at, kind));
            boolean anew = form.flag("fresh", fresh);
            form.orRefuse();
            return new CsvRequest(separator, columns, batchName, template, look, chosen, Schedules.Schedule.of(at, kind), anew);
        }
    }

    private static Map<String, String> columnMapping(FormFields form, String mapping) {
        return form.json("mapping", mapping, new TypeReference<Map<String, String>>() {
        });
    }

    private static Look look(FormFields form, String styleId, String mix, String tuning, String parameters) {
        UUID style = form.uuid("styleId", styleId, false);
        List<BatchRequests.MixPart> parts = form.json("mix", mix, new TypeReference<List<BatchRequests.MixPart>>() {
        });
        Map<String, Object> tuningMap = form.json("tuning", tuning, new TypeReference<Map<String, Object>>() {
        });
        Map<String, Object> parameterMap = form.json("parameters", parameters, new TypeReference<Map<String, Object>>() {
        });
        return new Look(style, BatchRequests.mix(parts), tuningMap, parameterMap);
    }
}
