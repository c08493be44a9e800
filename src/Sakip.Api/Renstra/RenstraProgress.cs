using Marten;
using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Renstra;

/// <summary>An annual indicator that serves a Renstra indicator, with its year-end figure (by its own aggregation).</summary>
public sealed record ServingIndicator(string Id, string Code, string Name, string Unit, int Year, Aggregation Aggregation,
    TargetValue? AnnualTarget, RealizedValue? YearEnd)
{
    public static ServingIndicator Of(Indicator i, CapaianSettings settings) => new(i.IndicatorId, i.Code, i.Current.Name,
        i.Current.Unit, i.Year, i.Aggregation, i.Current.AnnualTarget, CapaianTable.ForIndicator(i, 12, settings).RealizedToDate);
}

/// <summary>
/// One year of a Renstra indicator: its target, the annual indicators that serve it, the realization (from their
/// year-end figures where they have one, else the one reported directly) and capaian against the year's target and
/// against the end-of-period target. Unrounded: rounding happens when presenting.
/// </summary>
public sealed record YearProgress(int Year, TargetValue? Target, string Unit, RealizedValue? Realization, string? Source,
    decimal? Capaian, decimal? CapaianAgainstEndTarget, IReadOnlyList<ServingIndicator> ServedBy, IReadOnlyList<string> Warnings);

public static class RenstraProgress
{
    public const string FromCascade = "cascade";
    public const string ReportedDirectly = "direct";

    public static YearProgress ForYear(RenstraIndicator indicator, int year, IReadOnlyList<ServingIndicator> servedBy,
        CapaianSettings settings)
    {
        var target = indicator.TargetOf(year);
        var warnings = new List<string>();
        var (cascaded, combineProblem) = Combine(servedBy.Select(s => (s.Aggregation, s.YearEnd)).ToList());
        if (combineProblem is not null) warnings.Add($"{year}: the year-end figures of {Codes(servedBy)} {combineProblem}.");
        var (annual, _) = Combine(servedBy.Select(s => (s.Aggregation, Realized(s.AnnualTarget))).ToList());
        if (servedBy.Count > 0 && annual is not null && !SameValue(annual, target))
            warnings.Add(servedBy.Count == 1
                ? $"{year}: the annual target {Text(annual)} of {servedBy[0].Code} differs from the Renstra target {target?.ToString() ?? "-"}."
                : $"{year}: the annual targets of {Codes(servedBy)} come to {Text(annual)}, not to the Renstra target {target?.ToString() ?? "-"}.");

        var direct = indicator.Realizations.GetValueOrDefault(year)?.Value;
        var realization = cascaded ?? direct;
        var source = cascaded is not null ? FromCascade : direct is not null ? ReportedDirectly : null;
        var scale = settings.Scales(indicator.GradeScale);
        return new YearProgress(year, target, indicator.UnitOf(year), realization, source,
            CapaianRules.Performance(target, realization, indicator.Polarity, scale, settings.Cap),
            CapaianRules.Performance(indicator.TargetOf(indicator.EndYear), realization, indicator.Polarity, scale, settings.Cap),
            servedBy, warnings);
    }

    /// <summary>Where one annual indicator's annual target disagrees with the Renstra target of its year: warned, never refused.</summary>
    public static IReadOnlyList<string> TargetWarnings(RenstraIndicator serves, ServingIndicator annual) =>
        ForYear(serves, annual.Year, [annual], new CapaianSettings(null, RatingScale.Default)).Warnings;

    /// <summary>
    /// The realization of each year of the period the service knows of, from the cascade or reported directly: what a
    /// target revision of that year is checked against.
    /// </summary>
    public static IReadOnlyDictionary<int, RealizedValue> Realized(RenstraIndicator indicator,
        IReadOnlyList<ServingIndicator> servedBy, CapaianSettings settings) =>
        Enumerable.Range(indicator.StartYear, indicator.EndYear - indicator.StartYear + 1)
            .Select(y => ForYear(indicator, y, servedBy.Where(s => s.Year == y).ToList(), settings))
            .Where(p => p.Realization is not null)
            .ToDictionary(p => p.Year, p => p.Realization!);

    /// <summary>The annual indicators (as stored now) that serve one Renstra indicator, in year and code order.</summary>
    public static async Task<IReadOnlyList<ServingIndicator>> Serving(IQuerySession session, RenstraIndicator indicator,
        CapaianSettings settings, CancellationToken ct)
    {
        var serving = await session.Query<Indicator>()
            .Where(i => i.Opd == indicator.Opd && i.Year >= indicator.StartYear && i.Year <= indicator.EndYear &&
                        i.Renstra!.IndicatorId == indicator.IndicatorId)
            .ToListAsync(ct);
        return serving.OrderBy(i => i.Year).ThenBy(i => i.Code, StringComparer.Ordinal).Select(i => ServingIndicator.Of(i, settings)).ToList();
    }

    public static async Task<CapaianSettings> Settings(IQuerySession session, CancellationToken ct)
    {
        var scoring = await TenantScoring.Load(session, ct);
        return new CapaianSettings(await TenantScales.Load(session, ct), new RatingScale(scoring.Bands), scoring.Cap);
    }

    /// <summary>
    /// Several annual indicators serving one Renstra indicator: counts (sum, cumulative) add up, levels (last, average)
    /// are averaged; grades, and counts beside levels, do not combine and are named instead of guessed.
    /// </summary>
    public static (RealizedValue? Value, string? Problem) Combine(IReadOnlyList<(Aggregation Aggregation, RealizedValue? Value)> parts)
    {
        var present = parts.Where(p => p.Value is not null).ToList();
        if (present.Count == 0) return (null, null);
        if (present.Count == 1) return (present[0].Value, null);
        if (present.Any(p => p.Value!.Number is null)) return (null, "are grades, which do not combine");
        var numbers = present.Select(p => p.Value!.Number!.Value).ToList();
        if (present.All(p => p.Aggregation is Aggregation.Sum or Aggregation.Cumulative)) return (RealizedValue.Of(numbers.Sum()), null);
        if (present.All(p => p.Aggregation is Aggregation.Last or Aggregation.Average)) return (RealizedValue.Of(numbers.Average()), null);
        return (null, "mix counts (sum, cumulative) with levels (last, average), which do not combine: report the year directly");
    }

    private static RealizedValue? Realized(TargetValue? target) =>
        target?.Number is { } n ? RealizedValue.Of(n) : target?.Grade is { } g ? RealizedValue.OfGrade(g) : null;

    private static bool SameValue(RealizedValue value, TargetValue? target) =>
        target is not null && (value.Number is { } n ? target.Number == n : string.Equals(value.Grade, target.Grade, StringComparison.OrdinalIgnoreCase));

    private static string Text(RealizedValue value) => value.Number.ToInvariant() is { Length: > 0 } n ? n : value.Grade ?? "-";

    private static string Codes(IReadOnlyList<ServingIndicator> servedBy) => string.Join(", ", servedBy.Select(s => s.Code));
}
