using System.Globalization;
using MiniExcelLibs;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;

namespace Sakip.Api.RencanaAksi;

/// <summary>
/// The Rencana Aksi as a workbook laid out like the seed document: one sheet per level, one row per indicator with
/// its annual and monthly targets (quarterly ones under the quarter's last month), budget and monthly plan, and the
/// responsible official. A revised value reads "current (murni: x)".
/// </summary>
public static class RencanaAksiWorkbook
{
    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static byte[] Write(RencanaAksiDocument document)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var section in document.Sections)
        {
            var rows = section.Rows.Select((r, n) => Row(n + 1, r)).ToList();
            var total = Row(null, null);
            total["Sasaran / Program / Kegiatan"] = $"JUMLAH ANGGARAN {section.Eselon.ToUpperInvariant()}";
            total["Anggaran (Rp)"] = section.BudgetTotal == section.BudgetTotalMurni
                ? section.BudgetTotal
                : $"{Money(section.BudgetTotal)} (murni: {Money(section.BudgetTotalMurni)})";
            rows.Add(total);
            sheets[section.Eselon] = rows;
        }

        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(int? number, RencanaAksiRow? row)
    {
        var cells = new Dictionary<string, object?>
        {
            ["No"] = number, ["Kode"] = row?.NodeCode, ["Sasaran / Program / Kegiatan"] = row?.NodeName,
            ["Indikator Kinerja"] = row?.Indicator, ["Satuan"] = row?.Unit,
            ["Target Tahunan"] = Cell(row?.AnnualTarget),
        };
        var quarterly = row?.Schedule == "quarterly";
        for (var m = 1; m <= 12; m++)
        {
            var period = quarterly ? (m % 3 == 0 ? m / 3 : 0) : m;
            cells[$"Target {Months[m - 1]}"] = period > 0 ? Cell(row?.PeriodTargets.ElementAtOrDefault(period - 1)) : null;
        }

        cells["Anggaran (Rp)"] = Cell(row?.Budget);
        for (var m = 1; m <= 12; m++) cells[$"Rencana Anggaran {Months[m - 1]}"] = Cell(row?.BudgetPlan.ElementAtOrDefault(m - 1));
        cells["Penanggung Jawab"] = row?.Responsible?.Current is { } o ? o.Name is null ? o.Position : $"{o.Position} ({o.Name})" : null;
        return cells;
    }

    private static object? Cell(PlanValue<TargetValue>? value)
    {
        if (value?.Current is not { } current) return value?.Murni is { } m ? $"- (murni: {m})" : null;
        if (value.RevisedBy is null) return current.Number ?? (object)current.ToString();
        return $"{current} (murni: {value.Murni?.ToString() ?? "-"})";
    }

    private static object? Cell(PlanValue<decimal?>? value)
    {
        if (value is null) return null;
        if (value.RevisedBy is null) return value.Current;
        return $"{Money(value.Current)} (murni: {Money(value.Murni)})";
    }

    private static string Money(decimal? value) =>
        value?.ToString("#,##0.##", CultureInfo.GetCultureInfo("id-ID")) ?? "-";
}
