using MiniExcelLibs;
using Sakip.Api.Indicators;

namespace Sakip.Api.Capaian;

/// <summary>
/// The Laporan Capaian as the official form lays it out: (1) code, (2) program/kegiatan, (3) indicator,
/// (4) target anggaran and volume, (5) realisasi anggaran and volume, (6) satuan, (7) capaian keuangan,
/// (8) capaian kinerja, closed by the total row with the rata-rata.
/// </summary>
public static class LaporanWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] Columns =
    [
        "(1) Kode", "(2) Program/Kegiatan/Sub Kegiatan", "(3) Indikator Kinerja", "(4) Target Anggaran (Rp)",
        "(4) Target Volume", "(5) Realisasi Anggaran (Rp)", "(5) Realisasi Volume", "(6) Satuan",
        "(7) Capaian Keuangan (%)", "(8) Capaian Kinerja (%)",
    ];

    public static byte[] Write(LaporanCapaian laporan)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var row in laporan.Rows)
        {
            var lines = row.Indicators.Count == 0 ? [null] : row.Indicators.Cast<LaporanLine?>().ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                rows.Add(Row(i == 0 ? row.Code : null, i == 0 ? row.Name : null, line?.Name,
                    i == 0 ? row.Budget : null, Cell(line?.Target), i == 0 ? row.BudgetRealized : null,
                    Cell(line?.Realization), line?.Unit, i == 0 ? row.FinancialCapaian : null, line?.Capaian));
            }

            rows.Add(Row(null, $"Capaian kinerja {row.Level} {row.Code}", null, null, null, null, null, null, null,
                row.PerformanceCapaian));
        }

        var t = laporan.Total;
        rows.Add(Row(null, "JUMLAH", null, t.Budget, null, t.BudgetRealized, null, null, t.FinancialCapaian, t.PerformanceCapaian));
        rows.Add(Row(null, "RATA-RATA CAPAIAN (keuangan dan kinerja)", null, null, null, null, null, null, null, t.Average));

        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: $"Capaian {laporan.Year}-{laporan.Month:00}");
        return stream.ToArray();
    }

    private static object? Cell(TargetValue? value) => value is null ? null : value.Number ?? (object)value.ToString();

    private static object? Cell(RealizedValue? value) => value?.Number ?? (object?)value?.Grade;

    private static Dictionary<string, object?> Row(params object?[] cells) =>
        Columns.Select((c, i) => (c, cells[i])).ToDictionary(x => x.c, x => x.Item2);
}
