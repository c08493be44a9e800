using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>
/// Achievement (capaian, %) per ../shared/domain.md. Pure and unrounded: rounding happens only when presenting.
/// Null means "not applicable" (no target, a zero target, or nothing realized), never a division error.
/// </summary>
public static class CapaianRules
{
    public static decimal? Performance(TargetValue? target, RealizedValue? realized, Polarity polarity,
        GradeScale? scale, decimal? cap = null)
    {
        if (target is null || realized is null) return null;
        var capaian = target switch
        {
            { IsGrade: true } => Grade(target.Grade!, realized.Grade, scale),
            { IsRange: true } => Range(target.Low!.Value, target.High!.Value, realized.Number, polarity),
            { Number: { } t } => Numeric(t, realized.Number, polarity),
            _ => null,
        };
        return cap is { } limit && capaian > limit ? limit : capaian;
    }

    /// <summary>Positive: R/T×100. Negative: (2T−R)/T×100 floored at 0, so R = T gives exactly 100.</summary>
    public static decimal? Numeric(decimal target, decimal? realized, Polarity polarity)
    {
        if (target == 0 || realized is not { } r) return null;
        return polarity == Polarity.Positive ? r / target * 100 : Math.Max(0, (2 * target - r) / target * 100);
    }

    /// <summary>
    /// 100 inside [lo, hi]. Outside, the nearer bound is the target: below the range it is a floor (more is better,
    /// the positive rule against lo); above it a ceiling (less is better, the negative rule against hi). The
    /// indicator's polarity does not flip this: a range already says which side is short.
    /// </summary>
    public static decimal? Range(decimal low, decimal high, decimal? realized, Polarity polarity)
    {
        if (realized is not { } r) return null;
        if (r >= low && r <= high) return 100;
        return r < low ? Numeric(low, r, Polarity.Positive) : Numeric(high, r, Polarity.Negative);
    }

    /// <summary>100 when R ≥ T on the scale, else 100 × rank(R) / rank(T) (the lowest grade has rank 1).</summary>
    public static decimal? Grade(string target, string? realized, GradeScale? scale)
    {
        if (realized is null || scale?.Rank(target) is not { } t || scale.Rank(realized) is not { } r) return null;
        return r >= t ? 100 : 100m * r / t;
    }

    public static decimal? Financial(decimal? budget, decimal? realizedToDate) =>
        budget is { } b and not 0 && realizedToDate is { } r ? r / b * 100 : null;

    public static decimal? AgainstPlan(decimal? plannedToDate, decimal? realizedToDate) =>
        Financial(plannedToDate, realizedToDate);

    /// <summary>
    /// Year-to-date value of the first <paramref name="throughPeriod"/> periods: sum adds the increments, cumulative
    /// and last take the latest reported value, average takes the mean. Null when no period has a value.
    /// </summary>
    public static decimal? YearToDate(Aggregation kind, IReadOnlyList<decimal?> periodValues, int throughPeriod)
    {
        var values = periodValues.Take(throughPeriod).OfType<decimal>().ToList();
        if (values.Count == 0) return null;
        return kind switch
        {
            Aggregation.Sum => values.Sum(),
            Aggregation.Average => values.Average(),
            _ => periodValues.Take(throughPeriod).Last(v => v is not null),
        };
    }

    /// <summary>The mean of the applicable values; null when none is applicable.</summary>
    public static decimal? Mean(IEnumerable<decimal?> values)
    {
        var present = values.OfType<decimal>().ToList();
        return present.Count == 0 ? null : present.Average();
    }

    /// <summary>2 decimals, half away from zero: for presentation only.</summary>
    public static decimal? Round2(decimal? value) =>
        value is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null;
}
