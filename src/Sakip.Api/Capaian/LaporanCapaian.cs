using Sakip.Api.Indicators;
using Sakip.Api.Plans;

namespace Sakip.Api.Capaian;

public sealed record LaporanLine(string Code, string Name, string Unit, TargetValue? Target, RealizedValue? Realization,
    decimal? Capaian, TargetValue? AnnualTarget);

public sealed record LaporanRow(string Level, string Code, string Name, decimal? Budget, decimal? BudgetRealized,
    decimal? FinancialCapaian, IReadOnlyList<LaporanLine> Indicators, decimal? PerformanceCapaian);

public sealed record LaporanTotal(decimal Budget, decimal BudgetRealized, decimal? FinancialCapaian,
    decimal? PerformanceCapaian, decimal? Average);

/// <summary>
/// Laporan Capaian Pelaksanaan Program/Kegiatan as of a month: every program, kegiatan and sub kegiatan in code
/// order with its indicator lines (target and realization to date) and money; the total sums the program rows.
/// Percentages are rounded here, at presentation, and nowhere before.
/// </summary>
public sealed record LaporanCapaian(string Opd, int Year, int Month, IReadOnlyList<LaporanRow> Rows, LaporanTotal Total)
{
    private static readonly Dictionary<NodeLevel, string> Levels = new()
    {
        [NodeLevel.Program] = "program", [NodeLevel.Kegiatan] = "kegiatan", [NodeLevel.SubKegiatan] = "subkegiatan",
    };

    public static LaporanCapaian From(CapaianTable table)
    {
        var indicators = table.Indicators.ToLookup(i => i.NodeId);
        var rows = table.Nodes.Where(n => Levels.ContainsKey(n.Level))
            .OrderBy(n => n.Code, CodeOrder.Instance)
            .Select(n =>
            {
                var lines = indicators[n.Id].Select(i => new LaporanLine(i.Code, i.Name, i.Unit, i.TargetToDate,
                    i.RealizedToDate, CapaianRules.Round2(i.Capaian), i.AnnualTarget)).ToList();
                return new LaporanRow(Levels[n.Level], n.Code, n.Name, n.Budget?.Pagu, n.Budget?.RealizedToDate,
                    CapaianRules.Round2(n.Budget?.AgainstPagu), lines, CapaianRules.Round2(n.PerformanceCapaian));
            }).ToList();

        var programs = table.Nodes.Where(n => n.Level == NodeLevel.Program).ToList();
        var budget = programs.Sum(p => p.Budget?.Pagu ?? 0);
        var realized = programs.Sum(p => p.Budget?.RealizedToDate ?? 0);
        var financial = CapaianRules.Financial(budget, realized);
        var performance = CapaianRules.Mean(programs.Select(p => p.PerformanceCapaian));
        var average = CapaianRules.Mean([financial, performance]);
        return new LaporanCapaian(table.Opd, table.Year, table.Month, rows, new LaporanTotal(budget, realized,
            CapaianRules.Round2(financial), CapaianRules.Round2(performance), CapaianRules.Round2(average)));
    }
}

/// <summary>Nomenclature codes compared segment by segment, numerically where both segments are numbers.</summary>
public sealed class CodeOrder : IComparer<string>
{
    public static readonly CodeOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = (x ?? "").Split('.');
        var b = (y ?? "").Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = int.TryParse(a[i], out var na) && int.TryParse(b[i], out var nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }

        return a.Length.CompareTo(b.Length);
    }
}
