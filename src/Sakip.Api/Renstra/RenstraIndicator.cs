using JasperFx.Events;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

/// <summary>IKU: a key indicator of the OPD; IKI: an individual indicator of one position (jabatan).</summary>
public enum RenstraLevel { Iku, Iki }

/// <summary>
/// The target of one year of the period, with the unit printed beside it when it was (documents write "11 Kop",
/// "10%"); null unit means the indicator's unit. A null target is "no target that year", never zero.
/// </summary>
public sealed record YearTarget(int Year, TargetValue? Target, string? Unit);

public sealed record RenstraIndicatorDefined(string IndicatorId, string Opd, int StartYear, int EndYear, string Code,
    RenstraLevel Level, string? PositionId, string Sasaran, string Name, string? Explanation, string Unit,
    Polarity Polarity, ValueKind ValueKind, string? GradeScale, string? DataSource, Revision? Revision) : IRenstraEvent, IRevisionEvent;

public sealed record RenstraIndicatorDetailsChanged(string IndicatorId, string Opd, int StartYear, int EndYear,
    string Sasaran, string Name, string? Explanation, string Unit, string? DataSource, Revision? Revision) : IRenstraEvent, IRevisionEvent;

/// <summary>
/// The target of every year of the period. After the signing it carries the revision and the years that already had
/// a realization when their target changed (Period is then the year): the Inspektorat's red flags.
/// </summary>
public sealed record RenstraTargetsSet(string IndicatorId, string Opd, int StartYear, int EndYear,
    IReadOnlyList<YearTarget> Targets, Revision? Revision, IReadOnlyList<RealizedPeriodRevised> RealizedYearsRevised)
    : IRenstraEvent, IRevisionEvent, IRevisesRealized
{
    IReadOnlyList<RealizedPeriodRevised> IRevisesRealized.RealizedRevised => RealizedYearsRevised;
}

/// <summary>A year's realization reported directly, with its evidence, where no annual indicator cascades from it.</summary>
public sealed record RenstraRealizationReported(string IndicatorId, string Opd, int StartYear, int EndYear, int Year,
    RealizedValue Value, string Evidence, string? Note, Correction? Correction) : IRenstraEvent, ICorrectable, IStatesReason
{
    string? IStatesReason.Why => Correction?.Reason;
}

public sealed record RenstraIndicatorValues
{
    public string Sasaran { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Explanation { get; init; }
    public string Unit { get; init; } = "";
    public string? DataSource { get; init; }
    public IReadOnlyList<YearTarget> Targets { get; init; } = [];
}

public sealed record YearRealization(int Year, RealizedValue Value, string Evidence, string? Note, DateTimeOffset ReportedAt,
    int Corrections);

/// <summary>One IKU or IKI of a Renstra, folded from its stream <c>rind:{id}</c>.</summary>
public sealed partial record RenstraIndicator
{
    public required string Id { get; init; }
    public required string IndicatorId { get; init; }
    public required string Opd { get; init; }
    public int StartYear { get; init; }
    public int EndYear { get; init; }
    public required string Code { get; init; }
    public RenstraLevel Level { get; init; }
    public string? PositionId { get; init; }
    public Polarity Polarity { get; init; }
    public ValueKind ValueKind { get; init; }
    public string? GradeScale { get; init; }
    public RenstraIndicatorValues Current { get; init; } = new();

    /// <summary>The values as the signing fixed them; null while no Renstra Perubahan changed them.</summary>
    public RenstraIndicatorValues? Murni { get; init; }

    public IReadOnlyList<RevisionEntry> Revisions { get; init; } = [];
    public IReadOnlyDictionary<int, YearRealization> Realizations { get; init; } = new Dictionary<int, YearRealization>();
    public int Version { get; set; }

    public static string StreamKey(string indicatorId) => "rind:" + indicatorId;

    public TargetValue? TargetOf(int year) => Current.Targets.FirstOrDefault(t => t.Year == year)?.Target;

    public string UnitOf(int year) => Current.Targets.FirstOrDefault(t => t.Year == year)?.Unit ?? Current.Unit;

    public static RenstraIndicator Create(RenstraIndicatorDefined e) => new()
    {
        Id = StreamKey(e.IndicatorId), IndicatorId = e.IndicatorId, Opd = e.Opd, StartYear = e.StartYear, EndYear = e.EndYear,
        Code = e.Code, Level = e.Level, PositionId = e.PositionId, Polarity = e.Polarity, ValueKind = e.ValueKind,
        GradeScale = e.GradeScale,
        Current = new RenstraIndicatorValues
        {
            Sasaran = e.Sasaran, Name = e.Name, Explanation = e.Explanation, Unit = e.Unit, DataSource = e.DataSource,
            Targets = Enumerable.Range(e.StartYear, e.EndYear - e.StartYear + 1).Select(y => new YearTarget(y, null, null)).ToList(),
        },
    };

    public RenstraIndicator Apply(IEvent<RenstraIndicatorDetailsChanged> e) => Change(e, e.Data.Revision, 0, v => v with
    {
        Sasaran = e.Data.Sasaran, Name = e.Data.Name, Explanation = e.Data.Explanation, Unit = e.Data.Unit,
        DataSource = e.Data.DataSource,
    });

    public RenstraIndicator Apply(IEvent<RenstraTargetsSet> e) =>
        Change(e, e.Data.Revision, e.Data.RealizedYearsRevised.Count, v => v with { Targets = e.Data.Targets });

    public RenstraIndicator Apply(IEvent<RenstraRealizationReported> e)
    {
        var r = e.Data;
        var corrections = Realizations.TryGetValue(r.Year, out var previous) ? previous.Corrections + 1 : 0;
        return this with
        {
            Realizations = new Dictionary<int, YearRealization>(Realizations)
            {
                [r.Year] = new YearRealization(r.Year, r.Value, r.Evidence, r.Note, e.RecordedAt(), corrections),
            },
        };
    }

    /// <summary>The same fold Marten runs, over any prefix of the stream (as-of reads, history, the audit trail).</summary>
    public static RenstraIndicator? Step(RenstraIndicator? state, IEvent e)
    {
        var next = e.Data switch
        {
            RenstraIndicatorDefined defined => Create(defined),
            RenstraIndicatorDetailsChanged => state?.Apply((IEvent<RenstraIndicatorDetailsChanged>)e),
            RenstraTargetsSet => state?.Apply((IEvent<RenstraTargetsSet>)e),
            RenstraRealizationReported => state?.Apply((IEvent<RenstraRealizationReported>)e),
            _ => state,
        };
        if (next is not null) next.Version = (int)e.Version;
        return next;
    }

    private RenstraIndicator Change(IEvent e, Revision? revision, int realizedRevised,
        Func<RenstraIndicatorValues, RenstraIndicatorValues> change) => revision is null
        ? this with { Current = change(Current) }
        : this with
        {
            Murni = Murni ?? Current,
            Current = change(Current),
            Revisions = [.. Revisions, new RevisionEntry(e.Version, e.RecordedAt(), e.EventTypeName, revision, realizedRevised)],
        };

    /// <summary>The indicator as a flat list of named values, in a stable order, for before/after comparisons.</summary>
    public static IReadOnlyDictionary<string, string?> Fields(RenstraIndicator? indicator)
    {
        var fields = new Dictionary<string, string?>();
        if (indicator is null) return fields;
        var v = indicator.Current;
        foreach (var r in indicator.Realizations.Values.OrderBy(r => r.Year))
            fields[$"realization[{r.Year}]"] = r.Value.Number.ToInvariant() is { Length: > 0 } n ? n : r.Value.Grade;
        fields["code"] = indicator.Code;
        fields["level"] = indicator.Level.ToString();
        fields["positionId"] = indicator.PositionId;
        fields["sasaran"] = v.Sasaran;
        fields["name"] = v.Name;
        fields["explanation"] = v.Explanation;
        fields["unit"] = v.Unit;
        fields["polarity"] = indicator.Polarity.ToString();
        fields["dataSource"] = v.DataSource;
        foreach (var t in v.Targets)
            fields[$"target[{t.Year}]"] = t.Target is null ? null : t.Unit is null ? t.Target.ToString() : $"{t.Target} {t.Unit}";
        return fields;
    }
}
