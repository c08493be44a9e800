using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;

namespace Sakip.Api.Capaian;

public sealed record PeriodCapaian(int Period, TargetValue? Target, RealizedValue? Realized, decimal? Capaian,
    RealizationStatus? Status);

public sealed record BudgetCapaian(decimal? Pagu, decimal? PlannedToDate, decimal? RealizedToDate,
    decimal? AgainstPagu, decimal? AgainstPlan);

public sealed record IndicatorCapaian(string Id, string Code, string Name, string Unit, string NodeId,
    Polarity Polarity, Aggregation Aggregation, Schedule Schedule, TargetValue? AnnualTarget,
    IReadOnlyList<PeriodCapaian> Periods, IReadOnlyList<PeriodCapaian> Quarters, TargetValue? TargetToDate,
    RealizedValue? RealizedToDate, decimal? Capaian, string? Rating, BudgetCapaian? Budget);

public sealed record NodeCapaian(string Id, NodeLevel Level, string Code, string Name, string? ParentId,
    IReadOnlyList<string> Indicators, decimal? PerformanceCapaian, string? Rating, BudgetCapaian? Budget);

/// <summary>Money sums one level at a time, never across levels (a parent states its own pagu).</summary>
public sealed record LevelTotal(NodeLevel Level, decimal Budget, decimal PlannedToDate, decimal BudgetRealized,
    decimal? FinancialCapaian, decimal? PerformanceCapaian);

public sealed record CapaianSummary(int Indicators, int WithCapaian, decimal? PerformanceCapaian, string? Rating,
    IReadOnlyList<LevelTotal> Levels);

/// <summary>The capaian of every indicator and node of an OPD-year as of a month: a pure function of its capaian model.</summary>
public sealed record CapaianTable(string Opd, int Year, int Month, PlanStatus? Status,
    IReadOnlyList<IndicatorCapaian> Indicators, IReadOnlyList<NodeCapaian> Nodes, CapaianSummary Summary)
{
    /// <summary>The same table with percentages rounded to 2 decimals (half away from zero), for presentation.</summary>
    public CapaianTable Presented()
    {
        static decimal? R(decimal? v) => CapaianRules.Round2(v);
        static BudgetCapaian? B(BudgetCapaian? b) => b is null ? null : b with { AgainstPagu = R(b.AgainstPagu), AgainstPlan = R(b.AgainstPlan) };
        static IReadOnlyList<PeriodCapaian> P(IReadOnlyList<PeriodCapaian> ps) => ps.Select(p => p with { Capaian = R(p.Capaian) }).ToList();
        return this with
        {
            Indicators = Indicators.Select(i => i with
            {
                Capaian = R(i.Capaian), Periods = P(i.Periods), Quarters = P(i.Quarters), Budget = B(i.Budget),
            }).ToList(),
            Nodes = Nodes.Select(n => n with { PerformanceCapaian = R(n.PerformanceCapaian), Budget = B(n.Budget) }).ToList(),
            Summary = Summary with
            {
                PerformanceCapaian = R(Summary.PerformanceCapaian),
                Levels = Summary.Levels.Select(l => l with
                {
                    FinancialCapaian = R(l.FinancialCapaian), PerformanceCapaian = R(l.PerformanceCapaian),
                }).ToList(),
            },
        };
    }

    /// <summary>The table of a fold at hand (the console's pages, an as-of replay): the same model the projection stores.</summary>
    public static CapaianTable Build(OpdYears.OpdYear state, int month, CapaianSettings settings) =>
        Build(CapaianModel.From(state), month, settings);

    public static CapaianTable Build(CapaianModel model, int month, CapaianSettings settings)
    {
        var indicators = model.Indicators.Select(i => ForIndicator(i, month, settings)).ToList();
        var byNode = indicators.ToLookup(i => i.NodeId);
        var nodes = model.Nodes.OrderBy(n => n.Level).ThenBy(n => n.Code, StringComparer.Ordinal)
            .Select(n =>
            {
                var mine = byNode[n.Id].ToList();
                var performance = CapaianRules.Mean(mine.Select(i => i.Capaian));
                return new NodeCapaian(n.Id, n.Level, n.Code, n.Name, n.ParentId, mine.Select(i => i.Id).ToList(),
                    performance, settings.Rating.Rate(performance), mine.FirstOrDefault(i => i.Budget is not null)?.Budget);
            }).ToList();
        var levels = nodes.GroupBy(n => n.Level).OrderBy(g => g.Key).Select(g =>
        {
            var budget = g.Sum(n => n.Budget?.Pagu ?? 0);
            var realized = g.Sum(n => n.Budget?.RealizedToDate ?? 0);
            return new LevelTotal(g.Key, budget, g.Sum(n => n.Budget?.PlannedToDate ?? 0), realized,
                CapaianRules.Financial(budget, realized), CapaianRules.Mean(g.Select(n => n.PerformanceCapaian)));
        }).ToList();
        var overall = CapaianRules.Mean(indicators.Select(i => i.Capaian));
        return new CapaianTable(model.Opd, model.Year, month, model.Status, indicators, nodes,
            new CapaianSummary(indicators.Count, indicators.Count(i => i.Capaian is not null), overall,
                settings.Rating.Rate(overall), levels));
    }

    public static IndicatorCapaian ForIndicator(Indicator indicator, int month, CapaianSettings settings) =>
        ForIndicator(CapaianIndicator.From(indicator), month, settings);

    public static IndicatorCapaian ForIndicator(CapaianIndicator indicator, int month, CapaianSettings settings)
    {
        var scale = settings.Scales(indicator.GradeScale);
        var through = indicator.Schedule == Schedule.Monthly ? month : month / 3;
        var counted = indicator.Realizations.ToDictionary(r => r.Period);
        decimal? Capaian(TargetValue? t, RealizedValue? r) =>
            CapaianRules.Performance(t, r, indicator.Polarity, scale, settings.Cap);

        var periods = Enumerable.Range(1, indicator.PeriodCount).Select(p =>
        {
            var target = indicator.PeriodTargets.ElementAtOrDefault(p - 1);
            var realized = counted.GetValueOrDefault(p);
            return new PeriodCapaian(p, target, realized?.Value, Capaian(target, realized?.Value), realized?.Status);
        }).ToList();
        var quarters = indicator.Schedule == Schedule.Quarterly
            ? periods
            : Enumerable.Range(1, 4).Select(q =>
            {
                var months = periods.Skip((q - 1) * 3).Take(3).ToList();
                var target = Periods.Combine(indicator.Aggregation, months.Select(m => m.Target).ToList(), 3);
                var realized = Periods.CombineRealized(indicator.Aggregation, months.Select(m => m.Realized).ToList(), 3);
                return new PeriodCapaian(q, target, realized, Capaian(target, realized), null);
            }).ToList();

        var targetToDate = Periods.Combine(indicator.Aggregation, periods.Select(p => p.Target).ToList(), through)
                           ?? (through >= indicator.PeriodCount ? indicator.AnnualTarget : null);
        var realizedToDate = Periods.CombineRealized(indicator.Aggregation, periods.Select(p => p.Realized).ToList(), through);
        var capaian = Capaian(targetToDate, realizedToDate);
        return new IndicatorCapaian(indicator.Id, indicator.Code, indicator.Name, indicator.Unit, indicator.NodeId,
            indicator.Polarity, indicator.Aggregation, indicator.Schedule, indicator.AnnualTarget, periods, quarters,
            targetToDate, realizedToDate, capaian, settings.Rating.Rate(capaian),
            indicator.CarriesBudget ? Budget(indicator, month) : null);
    }

    private static BudgetCapaian Budget(CapaianIndicator indicator, int month)
    {
        var pagu = indicator.Pagu;
        var planned = indicator.BudgetPlan.Take(month).LastOrDefault(v => v is not null);
        var realizedMonth = indicator.Realizations.Where(r => Periods.LastMonthOf(indicator.Schedule, r.Period) <= month &&
                                                              r.BudgetRealizedToDate is not null)
            .OrderBy(r => r.Period).LastOrDefault()?.BudgetRealizedToDate;
        return new BudgetCapaian(pagu, planned, realizedMonth, CapaianRules.Financial(pagu, realizedMonth),
            CapaianRules.AgainstPlan(planned, realizedMonth));
    }
}
