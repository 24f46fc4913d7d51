package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.smallrye.mutiny.Uni;
import studio.batch.service.Costs;
import studio.common.error.Problem;
import studio.common.error.ProblemException;
import studio.common.tenancy.CurrentVendor;

/** {@code /api/vendor/media/costs} and {@code /api/vendor/media/budget}: what the vendor's generations cost, and its monthly cap. */
@Path("/api/vendor/media")
public class CostResource {

    private final Costs costs;
    private final CurrentVendor vendor;

    public CostResource(Costs costs, CurrentVendor vendor) {
        this.costs = costs;
        this.vendor = vendor;
    }

    /**
     * One calendar month (UTC) of the vendor's ledger, {@code ?month=YYYY-MM} (default: this month):
     * the total, completed and failed attempts, per model and per day, and for this month the budget: 200; 400
     * for a malformed month.
     */
    @Operation(summary = "One calendar month (UTC) of the vendor's ledger, ?month=YYYY-MM (default: this month): the total, completed and failed attempts, per model and per day, and for this month the budget")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "For a malformed month")
    @GET
    @Path("/costs")
    public Uni<Costs.Month> month(@QueryParam("month") String month) {
        YearMonth which;
        try {
            which = month == null || month.isBlank() ? YearMonth.now(ZoneOffset.UTC) : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("The month is malformed.", List.of(Problem.FieldError.of("month", "YYYY-MM, for example 2026-11")));
        }
        return costs.month(vendor.id(), which);
    }

    /** The vendor's budget this month: its limit (null without one), spent, reserved by queued work, remaining. */
    @Operation(summary = "The vendor's budget this month: its limit (null without one), spent, reserved by queued work, remaining")
    @APIResponse(responseCode = "200", description = "OK")
    @GET
    @Path("/budget")
    public Uni<Costs.Budget> budget() {
        return costs.budget(vendor.id());
    }

    /** {@code PUT} body: the monthly limit in USD, or null for none. */
    public record BudgetChange(
            @DecimalMin("0") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal monthlyLimitUsd) {
    }

    /**
     * Sets the vendor's monthly limit (null removes it): 200 with the budget as it now stands; 400 for
     * a negative amount or more than two decimals. Work already accepted is not touched; new batches,
     * single images and retries that would exceed it are refused with 422.
     */
    @Operation(summary = "Sets the vendor's monthly limit (null removes it)")
    @APIResponse(responseCode = "200", description = "With the budget as it now stands")
    @APIResponse(responseCode = "400", description = "For a negative amount or more than two decimals")
        @PUT
    @Path("/budget")
    public Uni<Costs.Budget> setBudget(@Valid @NotNull BudgetChange change) {
        return costs.setLimit(vendor.id(), change.monthlyLimitUsd());
    }
}
