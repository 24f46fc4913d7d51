package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import studio.batch.service.Schedules;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/**
 * {@code /api/vendor/media/off-peak-window}: when the vendor's {@code "schedule": "off-peak"} batches
 * run. Without a window of its own a vendor has the platform's ({@code studio.schedules.off-peak.*}).
 */
@Path("/api/vendor/media/off-peak-window")
public class OffPeakWindowResource {

    private final Schedules schedules;
    private final CurrentVendor vendor;

    public OffPeakWindowResource(Schedules schedules, CurrentVendor vendor) {
        this.schedules = schedules;
        this.vendor = vendor;
    }

    /** The window: {@code start} and {@code end} (HH:mm, local), {@code timeZone} (IANA), {@code platformDefault}. */
    public record Window(String start, String end, String timeZone, boolean platformDefault) {

        static Window of(Schedules.OffPeakWindow w) {
            return new Window(w.start().toString(), w.end().toString(), w.timeZone().getId(), w.platformDefault());
        }
    }

    /** {@code PUT} body: the window's local start and end (it may run past midnight) and its IANA time zone. */
    public record WindowChange(@NotNull String start, @NotNull String end, @NotNull String timeZone) {
    }

    @GET
    public Uni<Window> get() {
        return schedules.window(vendor.id()).map(Window::of);
    }

    /** Sets the window: 200 with it; 400 for a malformed time or zone, or a window with no length. */
    @Operation(summary = "Sets the window")
    @APIResponse(responseCode = "200", description = "With the window")
    @APIResponse(responseCode = "400", description = "For a malformed time or zone, or a window with no length")
    @PUT
    public Uni<Window> set(@Valid @NotNull WindowChange change) {
        List<Problem.FieldError> problems = new ArrayList<>();
        LocalTime start = time("start", change.start(), problems);
        LocalTime end = time("end", change.end(), problems);
        ZoneId zone = null;
        try {
            zone = change.timeZone() == null ? null : ZoneId.of(change.timeZone().strip());
        } catch (DateTimeException e) {
            problems.add(Problem.FieldError.of("timeZone", "an IANA time zone, for example Europe/Berlin or UTC"));
        }
        if (start != null && start.equals(end)) {
            problems.add(Problem.FieldError.of("end", "must differ from start"));
        }
        if (!problems.isEmpty() || zone == null) {
            throw ProblemException.invalid("The off-peak window is invalid.", problems);
        }
        return schedules.setWindow(vendor.id(), new Schedules.OffPeakWindow(start, end, zone, false)).map(Window::of);
    }

    /** Goes back to the platform's window: 200 with it. */
    @Operation(summary = "Goes back to the platform's window")
    @APIResponse(responseCode = "200", description = "With the window")
    @DELETE
    public Uni<Window> reset() {
        return schedules.setWindow(vendor.id(), null).map(Window::of);
    }

    private static LocalTime time(String field, String value, List<Problem.FieldError> problems) {
        try {
            return value == null ? null : LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(Problem.FieldError.of(field, "a local time HH:mm, for example 22:00"));
            return null;
        }
    }
}
