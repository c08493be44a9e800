using Sakip.Api.Domain;

namespace Sakip.Api.Indicators;

/// <summary>Which periods a target change touches, and which of those were already realized.</summary>
public static class RealizedTargets
{
    public static int LastMonthOf(Schedule schedule, int period) => schedule == Schedule.Monthly ? period : period * 3;

    public static IEnumerable<int> ChangedPeriods(Indicator indicator, IReadOnlyList<TargetValue?> periods)
    {
        var current = indicator.Current.PeriodTargets;
        for (var i = 0; i < periods.Count; i++)
            if (!Equals(i < current.Count ? current[i] : null, periods[i])) yield return i + 1;
    }

    public static IReadOnlyList<RealizedPeriodRevised> Revised(Indicator indicator, IReadOnlyList<TargetValue?> periods) =>
        ChangedPeriods(indicator, periods)
            .Where(indicator.Realizations.ContainsKey)
            .Select(p =>
            {
                var before = indicator.Current.PeriodTargets[p - 1];
                var after = periods[p - 1];
                var realized = indicator.Realizations[p].Value;
                var easier = Easier(indicator.Polarity, before?.Number, after?.Number);
                var shortfall = realized.Number is { } r && before?.Number is { } t &&
                                (indicator.Polarity == Polarity.Positive ? r < t : r > t);
                return new RealizedPeriodRevised(p, realized.Number?.ToString() ?? realized.Grade, before?.ToString(),
                    after?.ToString(), easier, easier && shortfall);
            })
            .ToList();

    /// <summary>"Lowered" in the sense that matters to an auditor: the target became easier to reach.</summary>
    private static bool Easier(Polarity polarity, decimal? before, decimal? after) =>
        before is { } b && after is { } a && (polarity == Polarity.Positive ? a < b : a > b);
}
