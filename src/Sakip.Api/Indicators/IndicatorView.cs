namespace Sakip.Api.Indicators;

public sealed record BudgetView(decimal? Pagu, IReadOnlyList<decimal?> MonthlyPlan);

public sealed record ValuesView(string Name, string Unit, string? Formula, string? DataSource,
    Plans.Official? Responsible, TargetValue? AnnualTarget, IReadOnlyList<TargetValue?> PeriodTargets, BudgetView? Budget)
{
    public static ValuesView From(IndicatorValues v, bool carriesBudget) => new(v.Name, v.Unit, v.Formula, v.DataSource,
        v.Responsible, v.AnnualTarget, v.PeriodTargets, carriesBudget ? new BudgetView(v.Pagu, v.BudgetPlan) : null);
}

/// <summary>An indicator as the API shows it: the current values, the murni values once revised, and its version.</summary>
public sealed record IndicatorView(string Id, string Opd, int Year, string Code, string NodeId, Polarity Polarity,
    Aggregation Aggregation, Schedule Schedule, ValueKind ValueKind, string? GradeScale, bool CarriesBudget,
    ValuesView Current, ValuesView? Murni, int Phase, IReadOnlyList<RevisionEntry> Revisions, long Version)
{
    public IReadOnlyList<Warning> Warnings { get; init; } = [];

    /// <summary>The latest realization of each reported period, in period order.</summary>
    public IReadOnlyList<Realization> Realizations { get; init; } = [];

    /// <summary>The Renstra indicator this one serves (the cascade); absent when it serves none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public RenstraLink? Renstra { get; init; }

    public static IndicatorView From(Indicator i, long version, IReadOnlyList<Warning>? warnings = null) =>
        new(i.IndicatorId, i.Opd, i.Year, i.Code, i.NodeId, i.Polarity, i.Aggregation, i.Schedule, i.ValueKind,
            i.GradeScale, i.CarriesBudget, ValuesView.From(i.Current, i.CarriesBudget),
            i.Murni is null ? null : ValuesView.From(i.Murni, i.CarriesBudget), i.Phase, i.Revisions, version)
        {
            Warnings = warnings ?? [],
            Realizations = i.Realizations.Values.OrderBy(r => r.Period).ToList(),
            Renstra = i.Renstra,
        };
}
