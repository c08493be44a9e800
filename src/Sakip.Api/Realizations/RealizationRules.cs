using System.Globalization;
using System.Text.Json;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Scales;

namespace Sakip.Api.Realizations;

/// <summary>A value as written: a number already read (JSON), or text read as a grade or by the caller's number format.</summary>
public readonly record struct RawValue(decimal? Number, string? Text)
{
    /// <summary>A JSON value of a request: any kind but a number or a string is text that reads as neither.</summary>
    public static RawValue FromJson(JsonElement? value) => value?.ValueKind switch
    {
        null or JsonValueKind.Null or JsonValueKind.Undefined => default,
        JsonValueKind.Number when value.Value.TryGetDecimal(out var number) => new RawValue(number, null),
        JsonValueKind.String => new RawValue(null, value.Value.GetString()),
        _ => new RawValue(null, value.Value.GetRawText()),
    };

    /// <summary>Numbers in the strings of a request are read in the invariant format; documents have their own.</summary>
    public static decimal? Invariant(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}

/// <summary>One period's realization as a user gives it, through the API or a row of an import.</summary>
public sealed record RealizationInput(int Period, RawValue Value, decimal? BudgetRealized, string? Evidence,
    string? SupportingFactors, string? InhibitingFactors, string? FollowUp, string? CorrectionReason);

/// <summary>
/// The rules of reporting a realization, one pure function each, and the decision that applies them: the API,
/// the importer and the demo loader call these, so a violation reads the same on every path.
/// </summary>
public static class RealizationRules
{
    public const int EvidenceLength = 500;
    public const int FactorLength = 4000;

    public static Refusal? Period(int period, Schedule schedule)
    {
        var count = schedule == Schedule.Monthly ? 12 : 4;
        return period >= 1 && period <= count
            ? null
            : new("period-out-of-range", "period", $"must be 1 to {count} for a {schedule.ToString().ToLowerInvariant()} indicator.");
    }

    public static Refusal? Evidence(string? evidence) =>
        string.IsNullOrWhiteSpace(evidence) ? new("evidence-required", "evidence", "is required.")
        : evidence.Trim().Length > EvidenceLength ? new("evidence-too-long", "evidence", $"must be at most {EvidenceLength} characters.")
        : null;

    public static Refusal? BudgetCarrier(decimal? budget, bool carriesBudget) =>
        budget is not null && !carriesBudget
            ? new("budget-without-carrier", "budgetRealized", "belongs on the node's budget-carrying indicator.")
            : null;

    public static Refusal? BudgetNotNegative(decimal? budget) =>
        budget < 0 ? new("budget-negative", "budgetRealized", "cannot be negative.") : null;

    public static Refusal? Factor(string field, string? text) =>
        text?.Length > FactorLength ? new("factor-too-long", field, $"must be at most {FactorLength} characters.") : null;

    /// <summary>The value in the indicator's kind: a grade on its scale, or a number (text read by <paramref name="readNumber"/>).</summary>
    public static (RealizedValue? Value, Refusal? Refusal) Value(RawValue raw, ValueKind kind, GradeScale? scale,
        Func<string, decimal?> readNumber)
    {
        if (raw.Number is null && string.IsNullOrWhiteSpace(raw.Text)) return (null, new("value-required", "value", "is required."));
        if (kind == ValueKind.Grade)
            return raw.Text is { } text && scale?.Rank(text) is { } rank
                ? (RealizedValue.OfGrade(scale.Grades[rank - 1]), null)
                : (null, new("grade-not-on-scale", "value",
                    $"expects a grade on the scale {scale?.Name} ({string.Join(", ", scale?.Grades ?? [])})."));
        var number = raw.Number ?? readNumber(raw.Text!);
        return number is { } n ? (RealizedValue.Of(n), null) : (null, new("value-not-a-number", "value", "expects a number."));
    }

    /// <summary>Realizations are reported against an established plan, and not into a closed year.</summary>
    public static Refusal? Reporting(Plan? plan) => plan?.Status switch
    {
        null => new("plan-not-started", null, "The plan of this indicator has not been started.") { Kind = RefusalKind.Missing },
        PlanStatus.Draft => new("plan-draft", null, "The plan is still a draft: realizations are reported once the " +
                                                   "Perjanjian Kinerja is signed.") { Kind = RefusalKind.Refused },
        PlanStatus.Closed => new("year-closed", null, $"The year {plan.Year} is closed: it accepts no realization until " +
                                                    "an admin reopens it (an audited reopening).") { Kind = RefusalKind.Refused },
        _ => null,
    };

    public static Refusal? CorrectionReason(int period, Realization? existing, string? reason) =>
        existing?.Status == RealizationStatus.Verified && string.IsNullOrWhiteSpace(reason)
            ? new("verified-correction-needs-reason", "correctionReason", "is required to correct a verified realization.")
            {
                Kind = RefusalKind.Refused,
                Summary = $"Period {period} was verified already: a correction needs a reason, and is flagged.",
            }
            : null;

    /// <summary>The rules of the input itself, in the order a caller fixes them; the value read when it is valid.</summary>
    public static (RealizedValue? Value, IReadOnlyList<Refusal> Refusals) Check(Indicator indicator, GradeScale? scale,
        RealizationInput input, Func<string, decimal?> readNumber)
    {
        var (value, invalidValue) = Value(input.Value, indicator.ValueKind, scale, readNumber);
        Refusal?[] refusals =
        [
            Period(input.Period, indicator.Schedule), Evidence(input.Evidence),
            BudgetCarrier(input.BudgetRealized, indicator.CarriesBudget), BudgetNotNegative(input.BudgetRealized),
            Factor("supportingFactors", input.SupportingFactors), Factor("inhibitingFactors", input.InhibitingFactors),
            Factor("followUp", input.FollowUp), invalidValue,
        ];
        return (value, refusals.OfType<Refusal>().ToList());
    }

    /// <summary>Decides a submission: the event, or what refuses it (input first, then the plan, then a correction's reason).</summary>
    public static (RealizationSubmitted? Event, IReadOnlyList<Refusal> Refusals) Decide(Indicator indicator, Plan? plan,
        GradeScale? scale, RealizationInput input, Func<string, decimal?> readNumber)
    {
        var (value, refusals) = Check(indicator, scale, input, readNumber);
        if (refusals.Count > 0) return (null, refusals);
        var existing = indicator.Realizations.GetValueOrDefault(input.Period);
        if ((Reporting(plan) ?? CorrectionReason(input.Period, existing, input.CorrectionReason)) is { } refused)
            return (null, [refused]);
        return (Submitted(indicator, input, value!, existing), []);
    }

    public static RealizationSubmitted Submitted(Indicator indicator, RealizationInput input, RealizedValue value,
        Realization? existing) =>
        new(indicator.IndicatorId, indicator.Opd, indicator.Year, input.Period, value, input.BudgetRealized,
            input.Evidence!.Trim(), input.SupportingFactors?.Trim(), input.InhibitingFactors?.Trim(), input.FollowUp?.Trim(),
            existing is null ? null : new Correction(input.CorrectionReason?.Trim(), existing.Status == RealizationStatus.Verified));
}
