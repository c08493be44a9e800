using System.Text.Json.Serialization;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;

namespace Sakip.Api.Capaian;

/// <summary>A plan node as the capaian table shows it.</summary>
public sealed record CapaianNode(string Id, NodeLevel Level, string Code, string Name, string? ParentId);

/// <summary>A realization that counts for capaian (returned ones do not): its value, status and budget to date.</summary>
public sealed record CountedRealization(int Period, [property: JsonConverter(typeof(CompactRealized))] RealizedValue Value,
    RealizationStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? BudgetRealizedToDate);

/// <summary>
/// What the capaian of one indicator is computed from: its current targets, budget plan and counted realizations —
/// no texts beyond its name and unit, no murni values, no revision history (a few hundred bytes).
/// </summary>
public sealed record CapaianIndicator(string Id, string Code, string Name, string Unit, string NodeId, Polarity Polarity,
    Aggregation Aggregation, Schedule Schedule,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GradeScale, bool CarriesBudget,
    [property: JsonConverter(typeof(CompactTarget))] TargetValue? AnnualTarget,
    [property: JsonConverter(typeof(CompactTargets))] IReadOnlyList<TargetValue?> PeriodTargets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Pagu, IReadOnlyList<decimal?> BudgetPlan,
    IReadOnlyList<CountedRealization> Realizations)
{
    [JsonIgnore] public int PeriodCount => Schedule == Schedule.Monthly ? 12 : 4;

    public static CapaianIndicator From(Indicator i) => new(i.IndicatorId, i.Code, i.Current.Name, i.Current.Unit, i.NodeId,
        i.Polarity, i.Aggregation, i.Schedule, i.GradeScale, i.CarriesBudget, i.Current.AnnualTarget, i.Current.PeriodTargets,
        i.Current.Pagu, i.Current.BudgetPlan,
        i.Realizations.Values.Where(r => r.Status != RealizationStatus.Returned).OrderBy(r => r.Period)
            .Select(r => new CountedRealization(r.Period, r.Value, r.Status, r.BudgetRealizedToDate)).ToList());
}

/// <summary>
/// The capaian read model of one OPD-year: what the capaian table and the Laporan Capaian are computed from, shaped
/// for them (a compact document instead of the 2 MB OPD-year with every text and history). The OPD-year projection
/// stores it beside the <see cref="OpdYear"/> in the same batch, derived from the same fold, so it folds only verified
/// events and a rebuild rebuilds it; an <c>asOf</c> read derives it from the replayed fold the same way.
/// </summary>
public sealed class CapaianModel
{
    public string Id { get; set; } = "";
    public string Opd { get; set; } = "";
    public int Year { get; set; }

    /// <summary>Null until the plan is started: the reports answer 404 then.</summary>
    public PlanStatus? Status { get; set; }

    public IReadOnlyList<CapaianNode> Nodes { get; set; } = [];

    /// <summary>In indicator code order (ordinal), the order of the table.</summary>
    public IReadOnlyList<CapaianIndicator> Indicators { get; set; } = [];

    public long LastSequence { get; set; }

    public static CapaianModel From(OpdYear state) => new()
    {
        Id = state.Id,
        Opd = state.Opd,
        Year = state.Year,
        Status = state.Plan?.Status,
        Nodes = (state.Plan?.Nodes ?? []).Select(n => new CapaianNode(n.Id, n.Level, n.Code.Code, n.Name, n.ParentId)).ToList(),
        Indicators = state.Indicators.Values.OrderBy(i => i.Code, StringComparer.Ordinal).Select(CapaianIndicator.From).ToList(),
        LastSequence = state.LastSequence,
    };
}
