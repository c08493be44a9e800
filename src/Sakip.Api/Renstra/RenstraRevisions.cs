using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Domain;
using Sakip.Api.Plans;

namespace Sakip.Api.Renstra;

/// <param name="Kind">renstraPerubahan (or administrativeCorrection, changeOfOfficial, ...), as for annual revisions.</param>
/// <param name="Years">The years of the period the revision changes: the legal basis states them, and no other year changes.</param>
/// <param name="AcknowledgeRealizedYears">Must be true to revise the target of a year that already has a realization.</param>
public sealed record RenstraRevisionInput(string? Kind, LegalBasisInput? LegalBasis, string? Reason, IReadOnlyList<int>? Years,
    bool AcknowledgeRealizedYears = false);

/// <summary>
/// The annual plans' revision rule, for a Renstra: free (but recorded) while it is a draft; once its legal basis
/// established it, every change is a Renstra Perubahan with kind, legal basis, reason and the years it affects.
/// </summary>
public static class RenstraRevisionRules
{
    public static ProblemDetails Check(RenstraPlan? renstra, RenstraRevisionInput? input)
    {
        if (renstra is null) return Problems.NotFound("The Renstra has not been started.");
        if (!renstra.IsEstablished) return WolverineContinue.NoProblems;
        var missing = Missing(renstra, input).ToList();
        return missing.Count == 0
            ? WolverineContinue.NoProblems
            : Problems.Unprocessable(
                $"The Renstra {renstra.StartYear}-{renstra.EndYear} of '{renstra.Opd}' was established by {renstra.LegalBasis}: " +
                "this change is a Renstra Perubahan and needs its kind, legal basis, reason and the years it affects.", missing);
    }

    /// <summary>
    /// A revision changes the years it states and no other; changing a year that already has a realization needs the
    /// planner's explicit acknowledgement (and is flagged on the event).
    /// </summary>
    public static ProblemDetails Years(RenstraPlan renstra, RenstraRevisionInput? input, IReadOnlyCollection<int> changed,
        IReadOnlyCollection<int> realized)
    {
        if (!renstra.IsEstablished || input?.Years is null) return WolverineContinue.NoProblems;
        var unstated = changed.Except(input.Years).Order().ToList();
        if (unstated.Count > 0)
            return Problems.Unprocessable(
                $"The revision states the years {string.Join(", ", input.Years.Order())}; it also changes {string.Join(", ", unstated)}.",
                new Problems.FieldError("revision.years", $"must include every year the change touches: {string.Join(", ", changed.Order())}."));
        return realized.Count > 0 && !input.AcknowledgeRealizedYears
            ? Problems.Unprocessable(
                $"{string.Join(", ", realized.Order())} already {(realized.Count == 1 ? "has" : "have")} a realization. Revising " +
                "their target must be acknowledged explicitly, and is flagged for the Inspektorat.",
                new Problems.FieldError("revision.acknowledgeRealizedYears", "must be true to revise a realized year."))
            : WolverineContinue.NoProblems;
    }

    /// <summary>The revision to record: null while the Renstra is a draft.</summary>
    public static Revision? ToRevision(RenstraPlan renstra, RenstraRevisionInput? input) =>
        renstra.IsEstablished && input is not null
            ? new Revision(RevisionRules.ParseKind(input.Kind)!.Value, RevisionRules.ToLegalBasis(input.LegalBasis!),
                input.Reason!.Trim(), 1) { Years = input.Years!.Distinct().Order().ToList() }
            : null;

    /// <summary>The years whose target or unit differ between two target lists.</summary>
    public static IReadOnlyList<int> ChangedYears(IReadOnlyList<YearTarget> before, IReadOnlyList<YearTarget> after) =>
        after.Where(a => before.FirstOrDefault(b => b.Year == a.Year) is not { } b || !Equals(b.Target, a.Target) ||
                         !string.Equals(b.Unit, a.Unit, StringComparison.Ordinal))
            .Select(a => a.Year).ToList();

    /// <summary>Changed years that already had a realization, with what the auditor needs to judge them.</summary>
    public static IReadOnlyList<RealizedPeriodRevised> RealizedRevised(RenstraIndicator indicator, IReadOnlyList<YearTarget> after,
        IReadOnlyDictionary<int, RealizedValue> realized) =>
        ChangedYears(indicator.Current.Targets, after).Where(realized.ContainsKey).Select(year =>
        {
            var before = indicator.TargetOf(year);
            var next = after.First(t => t.Year == year).Target;
            var value = realized[year];
            var easier = before?.Number is { } b && next?.Number is { } a && (indicator.Polarity == Polarity.Positive ? a < b : a > b);
            var shortfall = value.Number is { } r && before?.Number is { } t && (indicator.Polarity == Polarity.Positive ? r < t : r > t);
            return new RealizedPeriodRevised(year, value.Number.ToInvariant() is { Length: > 0 } n ? n : value.Grade,
                before?.ToString(), next?.ToString(), easier, easier && shortfall);
        }).ToList();

    private static IEnumerable<Problems.FieldError> Missing(RenstraPlan renstra, RenstraRevisionInput? input)
    {
        if (input is null)
        {
            yield return new("revision", "is required after the Renstra was established.");
            yield break;
        }

        foreach (var error in RevisionRules.Basis(input.Kind, input.LegalBasis, input.Reason)) yield return error;
        if (input.Years is not { Count: > 0 })
            yield return new("revision.years", $"is required: the years of {renstra.StartYear}-{renstra.EndYear} the revision changes.");
        else if (input.Years.Where(y => !renstra.Covers(y)).ToList() is { Count: > 0 } outside)
            yield return new("revision.years", $"{string.Join(", ", outside)} not in the period {renstra.StartYear}-{renstra.EndYear}.");
    }
}
