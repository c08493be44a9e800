using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Sakip.Api.Plans;

using Sakip.Api.Infrastructure;
using Sakip.Api.Domain;

namespace Sakip.Api.Indicators;

public sealed record IndicatorDefined(string IndicatorId, string Opd, int Year, string Code, string NodeId,
    string Name, string Unit, Polarity Polarity, Aggregation Aggregation, Schedule Schedule, ValueKind ValueKind,
    string? GradeScale, string? Formula, string? DataSource, bool CarriesBudget, Official? Responsible,
    Revision? Revision) : IOpdYearEvent, IIndicatorEvent, IRevisionEvent;

public sealed record IndicatorDetailsChanged(string IndicatorId, string Opd, int Year, string Name, string Unit, string? Formula,
    string? DataSource, Revision? Revision) : IOpdYearEvent, IIndicatorEvent, IRevisionEvent;

/// <summary>The annual target and the period targets (12 months or 4 quarters; null = no target that period).</summary>
public sealed record TargetsSet(string IndicatorId, string Opd, int Year, TargetValue? Annual, IReadOnlyList<TargetValue?> Periods,
    Revision? Revision, IReadOnlyList<RealizedPeriodRevised> RealizedPeriodsRevised)
    : IOpdYearEvent, IIndicatorEvent, IRevisionEvent, IRevisesRealized
{
    IReadOnlyList<RealizedPeriodRevised> IRevisesRealized.RealizedRevised => RealizedPeriodsRevised;
}

/// <summary>The pagu and its cumulative monthly disbursement plan, on the node's budget-carrying indicator.</summary>
public sealed record BudgetSet(string IndicatorId, string Opd, int Year, decimal? Pagu, IReadOnlyList<decimal?> MonthlyPlan, Revision? Revision)
    : IOpdYearEvent, IIndicatorEvent, IRevisionEvent;

public sealed record ResponsibleOfficialAssigned(string IndicatorId, string Opd, int Year, Official Official, Revision? Revision)
    : IOpdYearEvent, IIndicatorEvent, IRevisionEvent;

/// <summary>The Renstra indicator an annual indicator serves: its id, with its code and period for reading.</summary>
public sealed record RenstraLink(string IndicatorId, string Code, int StartYear, int EndYear);

/// <summary>The annual indicator now serves a Renstra indicator (the cascade), or with null no longer serves any.</summary>
public sealed record IndicatorCascaded(string IndicatorId, string Opd, int Year, RenstraLink? Renstra, Revision? Revision)
    : IOpdYearEvent, IIndicatorEvent, IRevisionEvent;

/// <summary>The values a revision can change; kept as they stood at the signing (murni) and as they stand now.</summary>
public sealed record IndicatorValues
{
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public string? Formula { get; init; }
    public string? DataSource { get; init; }
    public Official? Responsible { get; init; }
    public TargetValue? AnnualTarget { get; init; }
    public IReadOnlyList<TargetValue?> PeriodTargets { get; init; } = [];
    public decimal? Pagu { get; init; }
    public IReadOnlyList<decimal?> BudgetPlan { get; init; } = [];
}

public sealed record RevisionEntry(long Version, DateTimeOffset RecordedAt, string EventType, Revision Revision,
    int RealizedPeriodsRevised);

/// <summary>One indicator of an OPD-year, folded from its stream <c>ind:{id}</c>.</summary>
public sealed partial record Indicator
{
    public required string Id { get; init; }
    public required string IndicatorId { get; init; }
    public required string Opd { get; init; }
    public int Year { get; init; }
    public required string Code { get; init; }
    public required string NodeId { get; init; }
    public Polarity Polarity { get; init; }
    public Aggregation Aggregation { get; init; }
    public Schedule Schedule { get; init; }
    public ValueKind ValueKind { get; init; }
    public string? GradeScale { get; init; }
    public bool CarriesBudget { get; init; }
    public IndicatorValues Current { get; init; } = new();

    /// <summary>The values as the Perjanjian Kinerja fixed them; null while no formal revision was made.</summary>
    public IndicatorValues? Murni { get; init; }

    public IReadOnlyList<RevisionEntry> Revisions { get; init; } = [];

    /// <summary>For each value a formal revision changed: the index in <see cref="Revisions"/> of the last one.</summary>
    public IReadOnlyDictionary<string, int> RevisedBy { get; init; } = new Dictionary<string, int>();

    /// <summary>The Renstra indicator this one serves (the cascade); null when it serves none.</summary>
    public RenstraLink? Renstra { get; init; }

    /// <summary>It named a Renstra indicator at some time: the streams an as-of read of a cascade has to fold.</summary>
    public bool EverCascaded { get; init; }

    /// <summary>The latest realization of each period (1-based) that has one.</summary>
    public IReadOnlyDictionary<int, Realization> Realizations { get; init; } = new Dictionary<int, Realization>();

    public int Version { get; set; }

    public static string StreamKey(string indicatorId) => "ind:" + indicatorId;

    public int PeriodCount => Schedule == Schedule.Monthly ? 12 : 4;

    /// <summary>Murni and one phase per legal basis adopted since.</summary>
    public int Phase => Revisions.Select(r => r.Revision.LegalBasis).Distinct().Count();

    public static Indicator Create(IndicatorDefined e) => new()
    {
        Id = StreamKey(e.IndicatorId), IndicatorId = e.IndicatorId, Opd = e.Opd, Year = e.Year, Code = e.Code,
        NodeId = e.NodeId, Polarity = e.Polarity, Aggregation = e.Aggregation, Schedule = e.Schedule,
        ValueKind = e.ValueKind, GradeScale = e.GradeScale, CarriesBudget = e.CarriesBudget,
        Current = new IndicatorValues
        {
            Name = e.Name, Unit = e.Unit, Formula = e.Formula, DataSource = e.DataSource, Responsible = e.Responsible,
            PeriodTargets = new TargetValue?[e.Schedule == Schedule.Monthly ? 12 : 4],
            BudgetPlan = e.CarriesBudget ? new decimal?[12] : [],
        },
    };

    public Indicator Apply(IEvent<IndicatorDetailsChanged> e) => Change(e, e.Data.Revision, 0, v => v with
    {
        Name = e.Data.Name, Unit = e.Data.Unit, Formula = e.Data.Formula, DataSource = e.Data.DataSource,
    });

    public Indicator Apply(IEvent<TargetsSet> e) => Change(e, e.Data.Revision, e.Data.RealizedPeriodsRevised.Count,
        v => v with { AnnualTarget = e.Data.Annual, PeriodTargets = e.Data.Periods });

    public Indicator Apply(IEvent<BudgetSet> e) => Change(e, e.Data.Revision, 0,
        v => v with { Pagu = e.Data.Pagu, BudgetPlan = e.Data.MonthlyPlan });

    public Indicator Apply(IEvent<ResponsibleOfficialAssigned> e) => Change(e, e.Data.Revision, 0,
        v => v with { Responsible = e.Data.Official });

    public Indicator Apply(IEvent<IndicatorCascaded> e) =>
        Change(e, e.Data.Revision, 0, v => v) with { Renstra = e.Data.Renstra, EverCascaded = true };

    public Indicator Apply(IEvent<RealizationSubmitted> e)
    {
        var r = e.Data;
        var corrections = Realizations.TryGetValue(r.Period, out var previous) ? previous.Corrections + 1 : 0;
        return WithRealization(new Realization(r.Period, r.Value, r.BudgetRealizedToDate, r.Evidence, r.SupportingFactors,
            r.InhibitingFactors, r.FollowUp, RealizationStatus.Submitted, e.RecordedAt(), corrections, null));
    }

    public Indicator Apply(RealizationVerified e) =>
        WithRealization(Realizations[e.Period] with { Status = RealizationStatus.Verified, ReturnReason = null });

    public Indicator Apply(RealizationReturned e) =>
        WithRealization(Realizations[e.Period] with { Status = RealizationStatus.Returned, ReturnReason = e.Reason });

    private Indicator WithRealization(Realization realization) => this with
    {
        Realizations = new Dictionary<int, Realization>(Realizations) { [realization.Period] = realization },
    };

    /// <summary>
    /// The same fold Marten runs, callable over any prefix of the stream: history, as-of reads and the state a
    /// write produces all come from it, so they agree with the stored snapshot by construction.
    /// </summary>
    public static Indicator? Step(Indicator? state, IEvent e)
    {
        var next = e.Data switch
        {
            IndicatorDefined defined => Create(defined),
            IndicatorDetailsChanged => state?.Apply((IEvent<IndicatorDetailsChanged>)e),
            TargetsSet => state?.Apply((IEvent<TargetsSet>)e),
            BudgetSet => state?.Apply((IEvent<BudgetSet>)e),
            ResponsibleOfficialAssigned => state?.Apply((IEvent<ResponsibleOfficialAssigned>)e),
            IndicatorCascaded => state?.Apply((IEvent<IndicatorCascaded>)e),
            RealizationSubmitted => state?.Apply((IEvent<RealizationSubmitted>)e),
            RealizationVerified verified => state?.Apply(verified),
            RealizationReturned returned => state?.Apply(returned),
            _ => state,
        };
        if (next is not null) next.Version = (int)e.Version;
        return next;
    }

    private Indicator Change(IEvent e, Revision? revision, int realizedRevised, Func<IndicatorValues, IndicatorValues> change)
    {
        if (revision is null) return this with { Current = change(Current) };
        var after = this with
        {
            Murni = Murni ?? Current,
            Current = change(Current),
            Revisions = [.. Revisions, new RevisionEntry(e.Version, e.RecordedAt(), e.EventTypeName, revision, realizedRevised)],
        };
        var revisedBy = new SortedDictionary<string, int>(RevisedBy.ToDictionary(), StringComparer.Ordinal);
        foreach (var field in IndicatorHistory.Diff(this, after)) revisedBy[field.Field] = after.Revisions.Count - 1;
        return after with { RevisedBy = revisedBy };
    }
}

public static class IndicatorRegister
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<IndicatorDefined>("indicator_defined");
        opts.Events.MapEventType<IndicatorDetailsChanged>("indicator_details_changed");
        opts.Events.MapEventType<TargetsSet>("targets_set");
        opts.Events.MapEventType<BudgetSet>("budget_set");
        opts.Events.MapEventType<ResponsibleOfficialAssigned>("responsible_official_assigned");
        opts.Events.MapEventType<IndicatorCascaded>("indicator_cascaded");
        opts.Projections.Snapshot<Indicator>(SnapshotLifecycle.Inline);
        // The indicator code is its stable key within the OPD-year (imports match on it).
        opts.Schema.For<Indicator>()
            .UniqueIndex(UniqueIndexType.Computed, "ux_indicator_code", TenancyScope.PerTenant,
                x => x.Opd, x => x.Year, x => x.Code)
            .Index(x => x.NodeId)
            // Opd and year as columns: an OPD-year's streams (where its reads and replays start) are found from the rows, and the
            // unique index above is over the columns; matching the JSON fields decompressed every indicator document read.
            .Duplicate(x => x.Opd)
            .Duplicate(x => x.Year);
    }
}
