using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
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
        IndicatorWrites.Allowed(write, id, user, "report realizations", Roles.Operator);

    public static ProblemDetails Validate(int period, SubmitRealization command, IndicatorWrite write)
    {
        return Decide(period, command, write).Refusals.ToProblem(command.ExpectedVersion, write.Stream);
    }

    /// <summary>Reports (or corrects) the realization of one period (operator of the OPD).</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/realizations/{period}", Name = "SubmitRealization")]
    [Tags("Realizations")]
    public static IndicatorView Put(int period, SubmitRealization command, IndicatorWrite write)
    {
        var indicator = write.Indicator;
        var submitted = Decide(period, command, write).Event!;
        return write.Answer(submitted, Warnings(indicator, period, submitted.Value, command.BudgetRealized));
    }

    private static (RealizationSubmitted? Event, IReadOnlyList<Refusal> Refusals) Decide(int period, SubmitRealization command,
        IndicatorWrite write) =>
        RealizationRules.Decide(write.Indicator, write.Plan, IndicatorWrites.Shape(write).Scale,
            new RealizationInput(period, RawValue.FromJson(command.Value), command.BudgetRealized, command.Evidence, command.SupportingFactors,
                command.InhibitingFactors, command.FollowUp, command.CorrectionReason), RawValue.Invariant);

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
}
