using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Wolverine.Http;

namespace Sakip.Api.Realizations;

/// <param name="Value">The period's value in the indicator's aggregation: a number, or a grade.</param>
/// <param name="BudgetRealized">Budget realized to date, cumulative rupiah (budget-carrying indicators only).</param>
/// <param name="Evidence">Reference of the supporting document (bukti dukung).</param>
/// <param name="CorrectionReason">Required when correcting a verified realization.</param>
public sealed record SubmitRealization([property: Required] long? ExpectedVersion, [property: Required] JsonElement? Value, decimal? BudgetRealized,
    [property: Required] string? Evidence, string? SupportingFactors, string? InhibitingFactors, string? FollowUp, string? CorrectionReason);

/// <summary>The OPD's operator reports (or corrects) the realization of one period.</summary>
public static class SubmitRealizationEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        write.Stream.Aggregate is null
            ? Problems.NotFound($"No indicator '{id}'.")
            : Access.RequireForOpd(user, write.Indicator.Opd, "report realizations", Roles.Operator);

    public static ProblemDetails Validate(int period, SubmitRealization command, IndicatorWrite write)
    {
        var indicator = write.Indicator;
        var fields = new FieldChecks()
            .RequiredVersion("expectedVersion", command.ExpectedVersion)
            .When(period < 1 || period > indicator.PeriodCount, "period",
                $"must be 1 to {indicator.PeriodCount} for a {indicator.Schedule.ToString().ToLowerInvariant()} indicator.")
            .Required("evidence", command.Evidence, 500)
            .When(command.BudgetRealized is not null && !indicator.CarriesBudget, "budgetRealized",
                "belongs on the node's budget-carrying indicator.")
            .When(command.BudgetRealized < 0, "budgetRealized", "cannot be negative.");
        foreach (var (name, text) in new[] { ("supportingFactors", command.SupportingFactors),
                     ("inhibitingFactors", command.InhibitingFactors), ("followUp", command.FollowUp) })
            fields.When(text?.Length > 4000, name, "must be at most 4000 characters.");
        ReadValue(command.Value, IndicatorWrites.Shape(write), fields);
        if (fields.HasErrors) return fields.Result();

        if (ReportingRule(write.Plan) is var rule && rule.IsProblem()) return rule;
        if (indicator.Realizations.TryGetValue(period, out var existing) &&
            existing.Status == RealizationStatus.Verified && string.IsNullOrWhiteSpace(command.CorrectionReason))
            return Problems.Unprocessable($"Period {period} was verified already: a correction needs a reason, and is flagged.",
                new Problems.FieldError("correctionReason", "is required to correct a verified realization."));
        return write.Stream.CurrentVersion == command.ExpectedVersion
            ? WolverineContinue.NoProblems
            : Problems.StaleVersion(command.ExpectedVersion!.Value, write.Stream.CurrentVersion ?? 0);
    }

    /// <summary>Reports (or corrects) the realization of one period (operator of the OPD).</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/realizations/{period}", Name = "SubmitRealization")]
    [Tags("Realizations")]
    public static IndicatorView Put(int period, SubmitRealization command, IndicatorWrite write)
    {
        var indicator = write.Indicator;
        var correction = indicator.Realizations.TryGetValue(period, out var existing)
            ? new Correction(command.CorrectionReason?.Trim(), existing.Status == RealizationStatus.Verified)
            : null;
        var version = write.NextVersion;
        var value = ReadValue(command.Value, IndicatorWrites.Shape(write), new FieldChecks())!;
        var after = write.Append(new RealizationSubmitted(indicator.IndicatorId, indicator.Opd, indicator.Year, period,
            value, command.BudgetRealized, command.Evidence!.Trim(), command.SupportingFactors?.Trim(),
            command.InhibitingFactors?.Trim(), command.FollowUp?.Trim(), correction));
        return IndicatorView.From(after, version, Warnings(indicator, period, value, command.BudgetRealized));
    }

    /// <summary>Running totals that go down, and money beyond the pagu, are accepted but pointed out.</summary>
    private static IReadOnlyList<Warning> Warnings(Indicator indicator, int period, RealizedValue value, decimal? budget)
    {
        var warnings = new List<Warning>();
        var earlier = indicator.Realizations.Values.Where(r => r.Period < period).OrderBy(r => r.Period).ToList();
        if (indicator.Aggregation == Aggregation.Cumulative && value.Number is { } number &&
            earlier.LastOrDefault(r => r.Value.Number is not null) is { } before && before.Value.Number > number)
            warnings.Add(new("value", $"{number} is lower than period {before.Period} ({before.Value.Number}): a " +
                                      "cumulative realization should not decrease."));
        if (budget is { } money && earlier.LastOrDefault(r => r.BudgetRealizedToDate is not null) is { } spent &&
            spent.BudgetRealizedToDate > money)
            warnings.Add(new("budgetRealized", $"{money:N2} is lower than the {spent.BudgetRealizedToDate:N2} reported " +
                                               $"for period {spent.Period}: the budget realized is cumulative."));
        if (budget > indicator.Current.Pagu)
            warnings.Add(new("budgetRealized", $"{budget:N2} exceeds the pagu {indicator.Current.Pagu:N2}."));
        return warnings;
    }

    /// <summary>Realizations are reported against an established plan, and not into a closed year.</summary>
    public static ProblemDetails ReportingRule(Plan? plan) => plan?.Status switch
    {
        null => Problems.NotFound("The plan of this indicator has not been started."),
        PlanStatus.Draft => Problems.Unprocessable("The plan is still a draft: realizations are reported once the " +
                                                   "Perjanjian Kinerja is signed."),
        PlanStatus.Closed => Problems.Unprocessable($"The year {plan.Year} is closed: it accepts no realization until " +
                                                    "an admin reopens it (an audited reopening)."),
        _ => WolverineContinue.NoProblems,
    };

    private static RealizedValue? ReadValue(JsonElement? value, IndicatorShape shape, FieldChecks fields)
    {
        if (value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            fields.Add("value", "is required.");
            return null;
        }

        if (shape.ValueKind == ValueKind.Grade)
        {
            var grade = value.Value.ValueKind == JsonValueKind.String ? shape.Scale?.Rank(value.Value.GetString()!) : null;
            if (grade is null)
                fields.Add("value", $"expects a grade on the scale {shape.Scale?.Name} ({string.Join(", ", shape.Scale?.Grades ?? [])}).");
            return grade is null ? null : RealizedValue.OfGrade(shape.Scale!.Grades[grade.Value - 1]);
        }

        if (value.Value.ValueKind == JsonValueKind.Number) return RealizedValue.Of(value.Value.GetDecimal());
        if (value.Value.ValueKind == JsonValueKind.String &&
            decimal.TryParse(value.Value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            return RealizedValue.Of(parsed);
        fields.Add("value", "expects a number, e.g. 19.5.");
        return null;
    }
}
