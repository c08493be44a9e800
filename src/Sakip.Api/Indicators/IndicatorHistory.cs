using System.Globalization;
using JasperFx.Events;
using Sakip.Api.Infrastructure;
using Sakip.Api.Domain;

namespace Sakip.Api.Indicators;

/// <summary>One recorded change of an indicator: who, when, why, on what legal basis, and each value before/after.</summary>
public sealed record HistoryEntry(long Version, long Sequence, DateTimeOffset RecordedAt, string EventType,
    string? UserId, string? UserName, string? UserRole, string? Source, string? CorrelationId, string? Reason,
    RevisionKind? RevisionKind, LegalBasis? LegalBasis, int? EffectiveFromMonth,
    IReadOnlyList<RealizedPeriodRevised> RealizedPeriodsRevised, IReadOnlyList<FieldChange> Changes);

public static class IndicatorHistory
{
    public static IReadOnlyList<HistoryEntry> Build(IReadOnlyList<IEvent> events) => Build<Indicator>(events, Indicator.Step, Fields);

    /// <summary>The history of any folded record (an annual or a Renstra indicator), given its fold and its flat values.</summary>
    public static IReadOnlyList<HistoryEntry> Build<T>(IReadOnlyList<IEvent> events, Func<T?, IEvent, T?> step,
        Func<T?, IReadOnlyDictionary<string, string?>> fields) where T : class
    {
        var entries = new List<HistoryEntry>(events.Count);
        T? state = null;
        foreach (var e in events)
        {
            var before = state;
            state = step(state, e);
            var revision = RevisionOf(e.Data);
            var author = EventAuthor.Of(e);
            entries.Add(new HistoryEntry(e.Version, e.Sequence, e.Timestamp, e.EventTypeName, author.UserId,
                author.UserName, author.UserRole, author.Source, author.CorrelationId,
                Why(e), revision?.Kind, revision?.LegalBasis,
                revision?.EffectiveFromMonth,
                (e.Data as IRevisesRealized)?.RealizedRevised ?? [],
                FieldChange.Between(fields(before), fields(state))));
        }

        return entries;
    }

    /// <summary>The reason recorded for an event: its revision's, its correction's or verifier's, or the request's.</summary>
    public static string? Why(IEvent e) =>
        RevisionOf(e.Data)?.Reason ?? ReasonOf(e.Data) ?? EventAuthor.Header(e, EventHeaders.Reason);

    private static string? ReasonOf(object data) => (data as IStatesReason)?.Why;

    public static Revision? RevisionOf(object data) => (data as IRevisionEvent)?.Revision;

    public static IReadOnlyList<FieldChange> Diff(Indicator? before, Indicator? after) => FieldChange.Between(Fields(before), Fields(after));

    /// <summary>The indicator as a flat list of named values, in a stable order, for before/after comparisons.</summary>
    public static IReadOnlyDictionary<string, string?> Fields(Indicator? indicator)
    {
        var fields = new Dictionary<string, string?>();
        if (indicator is null) return fields;
        var v = indicator.Current;
        foreach (var r in indicator.Realizations.Values.OrderBy(r => r.Period))
        {
            fields[$"realization[{r.Period}]"] = r.Value.Number.ToInvariant() is { Length: > 0 } n ? n : r.Value.Grade;
            fields[$"realization[{r.Period}].status"] = r.Status.ToString();
            if (r.BudgetRealizedToDate is not null) fields[$"realization[{r.Period}].budget"] = Money(r.BudgetRealizedToDate);
        }

        fields["code"] = indicator.Code;
        fields["name"] = v.Name;
        fields["unit"] = v.Unit;
        fields["polarity"] = indicator.Polarity.ToString();
        fields["aggregation"] = indicator.Aggregation.ToString();
        fields["schedule"] = indicator.Schedule.ToString();
        fields["formula"] = v.Formula;
        fields["dataSource"] = v.DataSource;
        fields["responsible"] = v.Responsible is { } o ? $"{o.Position}{(o.Name is null ? "" : " — " + o.Name)}" : null;
        if (indicator.Renstra is { } serves) fields["renstraIndicator"] = $"{serves.Code} ({serves.StartYear}-{serves.EndYear})";
        fields["annualTarget"] = v.AnnualTarget?.ToString();
        for (var i = 0; i < v.PeriodTargets.Count; i++) fields[$"periodTargets[{i + 1}]"] = v.PeriodTargets[i]?.ToString();
        if (indicator.CarriesBudget)
        {
            fields["pagu"] = Money(v.Pagu);
            for (var i = 0; i < v.BudgetPlan.Count; i++) fields[$"budgetPlan[{i + 1}]"] = Money(v.BudgetPlan[i]);
        }

        return fields;
    }

    private static string? Money(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);
}
