using Sakip.Api.Indicators;

namespace Sakip.Api.Capaian;

/// <summary>Combines period values (targets or realizations) into a quarter or a year-to-date value, per aggregation.</summary>
public static class Periods
{
    public static int LastMonthOf(Schedule schedule, int period) => RealizedTargets.LastMonthOf(schedule, period);

    /// <summary>Targets of the first <paramref name="through"/> periods combined; grades and ranges follow the latest.</summary>
    public static TargetValue? Combine(Aggregation kind, IReadOnlyList<TargetValue?> values, int through)
    {
        var upTo = values.Take(through).ToList();
        if (upTo.Any(v => v?.Number is null && v is not null))
            return upTo.LastOrDefault(v => v is not null);
        var number = CapaianRules.YearToDate(kind, upTo.Select(v => v?.Number).ToList(), upTo.Count);
        return number is null ? null : TargetValue.Of(number.Value);
    }

    public static RealizedValue? CombineRealized(Aggregation kind, IReadOnlyList<RealizedValue?> values, int through)
    {
        var upTo = values.Take(through).ToList();
        if (upTo.Any(v => v?.Grade is not null)) return upTo.LastOrDefault(v => v is not null);
        var number = CapaianRules.YearToDate(kind, upTo.Select(v => v?.Number).ToList(), upTo.Count);
        return number is null ? null : RealizedValue.Of(number.Value);
    }
}
