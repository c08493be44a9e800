using JasperFx.Events;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;
using Sakip.Api.Domain;

namespace Sakip.Api.Audit;

/// <summary>Why the Inspektorat should look at a revision.</summary>
public static class RedFlags
{
    public const string RealizedPeriodRevised = "realizedPeriodRevised";
    public const string LoweredAfterShortfall = "targetLoweredAfterShortfall";
    public const string VerifiedRealizationCorrected = "verifiedRealizationCorrected";
    public const string ChangedWhileReopened = "changedWhileReopened";
    public const string LegalBasisAfterRecording = "legalBasisDatedAfterRecording";
    public const string LegalBasisBeforeAgreement = "legalBasisDatedBeforeAgreement";
    public const string RealizationCorrected = "realizationCorrected";
}

public sealed record RedFlag(string Flag, string? IndicatorCode, string Detail);

public sealed record RegisterChange(long Sequence, DateTimeOffset RecordedAt, string? UserId, string? UserName, string? UserRole,
    string EventType, string Subject, string? IndicatorCode, string? IndicatorName, IReadOnlyList<FieldChange> Changes);

public sealed record RegisterRevision(RevisionKind? Kind, LegalBasis? LegalBasis, IReadOnlyList<string> Reasons,
    int? EffectiveFromMonth, IReadOnlyList<RegisterChange> Changes, IReadOnlyList<RedFlag> Flags)
{
    /// <summary>The years a Renstra revision states it changes; absent in an annual plan's register.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Years { get; init; }
}

public sealed record RegisterSummary(string Opd, int Year, string? AgreementNumber, int Revisions, int FlaggedRevisions,
    int IndicatorsTouched, decimal NetBudgetChange);

public sealed record RevisionRegister(RegisterSummary Summary, IReadOnlyList<RegisterRevision> Revisions);

/// <summary>
/// Every change made after the Perjanjian Kinerja was signed, grouped by the legal basis that allowed it, with the
/// values before and after and the red flags an auditor looks for. Built by replaying the OPD-year's events.
/// </summary>
public static class PerubahanRegister
{
    internal sealed record Item(LegalBasis? Basis, RevisionKind? Kind, string? Reason, int? Effective, RegisterChange Change,
        List<RedFlag> Flags, IReadOnlyList<int>? Years = null);

    public static RevisionRegister Build(string opd, int year, IReadOnlyList<IEvent> events)
    {
        OpdYear? state = null;
        Dictionary<string, decimal?>? paguAtSigning = null;
        var items = new List<Item>();
        foreach (var e in events)
        {
            var before = state;
            var subject = OpdYear.IsPlanEvent(e.Data) ? "plan" : OpdYear.IndicatorIdOf(e.Data);
            var planBefore = state?.Plan;
            var indicatorBefore = subject == "plan" ? null : state?.Indicators.GetValueOrDefault(subject);
            state = OpdYear.Step(state, e);
            if (e.Data is AgreementSigned && paguAtSigning is null)
                paguAtSigning = state.Indicators.Values.Where(i => i.CarriesBudget).ToDictionary(i => i.IndicatorId, i => i.Current.Pagu);
            if (planBefore is null || planBefore.Status == PlanStatus.Draft || !IsRevision(e.Data)) continue;

            var indicatorAfter = subject == "plan" ? null : state.Indicators.GetValueOrDefault(subject);
            var changes = subject == "plan"
                ? FieldChange.Between(Plan.Fields(planBefore), Plan.Fields(state.Plan))
                : IndicatorHistory.Diff(indicatorBefore, indicatorAfter);
            var author = EventAuthor.Of(e);
            var revision = IndicatorHistory.RevisionOf(e.Data);
            var change = new RegisterChange(e.Sequence, e.RecordedAt(), author.UserId, author.UserName, author.UserRole,
                e.EventTypeName, subject == "plan" ? "plan" : "indicator", indicatorAfter?.Code, indicatorAfter?.Current.Name, changes);
            items.Add(new Item(revision?.LegalBasis, revision?.Kind, IndicatorHistory.Why(e), revision?.EffectiveFromMonth, change,
                Flags(e, planBefore, indicatorAfter?.Code, revision)));
        }

        var revisions = Group(items);
        var signing = paguAtSigning ?? [];
        var net = state?.Indicators.Values.Where(i => i.CarriesBudget)
            .Sum(i => (i.Current.Pagu ?? 0) - (signing.TryGetValue(i.IndicatorId, out var p) ? p ?? 0 : 0)) ?? 0;
        return new RevisionRegister(new RegisterSummary(opd, year, state?.Plan?.AgreementNumber, revisions.Count,
            revisions.Count(r => r.Flags.Count > 0), items.Select(i => i.Change.IndicatorCode).OfType<string>().Distinct().Count(),
            net), revisions);
    }

    /// <summary>Changes grouped by the legal basis that allowed them, in the order they were first recorded.</summary>
    internal static List<RegisterRevision> Group(IEnumerable<Item> items) =>
        items.GroupBy(i => i.Basis).Select(g => new RegisterRevision(g.First().Kind, g.Key,
                g.Select(i => i.Reason).OfType<string>().Distinct().ToList(), g.First().Effective,
                g.Select(i => i.Change).ToList(), g.SelectMany(i => i.Flags).ToList())
            {
                Years = g.Any(i => i.Years is not null) ? g.SelectMany(i => i.Years ?? []).Distinct().Order().ToList() : null,
            })
            .OrderBy(r => r.Changes[0].Sequence).ToList();

    /// <summary>A legal basis dated after the change was recorded, or before the document it revises was established.</summary>
    internal static IEnumerable<RedFlag> LegalBasisFlags(IEvent e, DateOnly? established, string? code, Revision? revision,
        string establishing)
    {
        if (revision?.LegalBasis is not { } basis) yield break;
        if (basis.Date > DateOnly.FromDateTime(e.RecordedAt().UtcDateTime))
            yield return new(RedFlags.LegalBasisAfterRecording, code,
                $"{basis} is dated after the change was recorded ({e.RecordedAt():yyyy-MM-dd}).");
        if (established is { } signed && basis.Date < signed)
            yield return new(RedFlags.LegalBasisBeforeAgreement, code,
                $"{basis} is dated before {establishing} ({signed:yyyy-MM-dd}).");
    }

    /// <summary>
    /// Changes of plan values; reporting and verifying realizations are not revisions, correcting them is. Naming who
    /// signs the documents changes no value of the agreement (it carries no revision).
    /// </summary>
    public static bool IsRevision(object data) => data is IRevisionEvent or ICorrectable { Correction: not null };

    private static List<RedFlag> Flags(IEvent e, Plan plan, string? code, Revision? revision)
    {
        var flags = new List<RedFlag>();
        if (e.Data is TargetsSet { RealizedPeriodsRevised: { Count: > 0 } realized })
        {
            flags.Add(new(RedFlags.RealizedPeriodRevised, code,
                $"Target revised for period(s) {string.Join(", ", realized.Select(r => r.Period))} that already had a realization."));
            foreach (var r in realized.Where(r => r.LoweredBelowShortfall))
                flags.Add(new(RedFlags.LoweredAfterShortfall, code,
                    $"Period {r.Period}: the realization {r.Realized} fell short of {r.TargetBefore}, then the target became {r.TargetAfter}."));
        }

        if (e.Data is RealizationSubmitted { Correction.OfVerified: true } corrected)
            flags.Add(new(RedFlags.VerifiedRealizationCorrected, code, $"Verified realization of period {corrected.Period} corrected."));
        if (plan.Reopened)
            flags.Add(new(RedFlags.ChangedWhileReopened, code, "Changed while the closed year was reopened."));
        flags.AddRange(LegalBasisFlags(e, plan.AgreementSignedOn, code, revision, "the Perjanjian Kinerja itself"));
        return flags;
    }

}
