using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

public sealed record LkjipYear(int Year, TargetValue? Target, string Unit, RealizedValue? Realization, string? Source,
    decimal? Capaian);

/// <summary>Realization against last year's: improved, declined or unchanged in the indicator's direction (its polarity).</summary>
public sealed record LkjipTrend(int PreviousYear, RealizedValue? PreviousRealization, decimal? Change, decimal? CapaianChange,
    string? Direction);

public sealed record LkjipRow(string Code, string Sasaran, string Indicator, string Unit, Polarity Polarity,
    IReadOnlyList<LkjipYear> Years, decimal? CapaianThisYear, LkjipTrend? Trend, int EndYear, TargetValue? EndTarget,
    decimal? CapaianAgainstEndTarget, IReadOnlyList<string> Warnings);

/// <summary>
/// The LKjIP comparison table of an OPD for a year of its Renstra: for each IKU, target and realization of every year of
/// the period so far, capaian this year, the trend against last year, and capaian against the end-of-period target.
/// Percentages are rounded here, at presentation.
/// </summary>
public sealed record Lkjip(string Opd, int StartYear, int EndYear, int Year, RenstraStatus Status, LegalBasis? LegalBasis,
    IReadOnlyList<LkjipRow> Rows)
{
    public static Lkjip Build(RenstraRead read, int year)
    {
        var plan = read.State.Plan!;
        var rows = read.State.Ordered().Where(i => i.Level == RenstraLevel.Iku).Select(i =>
        {
            var years = Enumerable.Range(plan.StartYear, year - plan.StartYear + 1).Select(y => read.Progress(i, y)).ToList();
            var now = years[^1];
            var before = years.Count > 1 ? years[^2] : null;
            return new LkjipRow(i.Code, i.Current.Sasaran, i.Current.Name, i.Current.Unit, i.Polarity,
                years.Select(p => new LkjipYear(p.Year, p.Target, p.Unit, p.Realization, p.Source, CapaianRules.Round2(p.Capaian))).ToList(),
                CapaianRules.Round2(now.Capaian), before is null ? null : Trend(i.Polarity, before, now), plan.EndYear,
                i.TargetOf(plan.EndYear), CapaianRules.Round2(now.CapaianAgainstEndTarget), years.SelectMany(p => p.Warnings).ToList());
        }).ToList();
        return new Lkjip(plan.Opd, plan.StartYear, plan.EndYear, year, plan.Status, plan.LegalBasis, rows);
    }

    private static LkjipTrend Trend(Polarity polarity, YearProgress before, YearProgress now)
    {
        var change = now.Realization?.Number - before.Realization?.Number;
        var direction = change switch
        {
            null => null,
            0 => "unchanged",
            > 0 => polarity == Polarity.Positive ? "improved" : "declined",
            _ => polarity == Polarity.Positive ? "declined" : "improved",
        };
        return new LkjipTrend(before.Year, before.Realization, change, CapaianRules.Round2(now.Capaian - before.Capaian), direction);
    }
}
