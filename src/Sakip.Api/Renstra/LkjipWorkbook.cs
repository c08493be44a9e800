using MiniExcelLibs;
using Sakip.Api.Indicators;

namespace Sakip.Api.Renstra;

/// <summary>
/// The LKjIP comparison table as the report prints it: one row per IKU, target and realization of each year of the
/// period so far, capaian of the year, the trend against last year, the end-of-period target and capaian against it.
/// </summary>
public static class LkjipWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<string> Columns(Lkjip lkjip) =>
    [
        "No", "Sasaran", "Indikator Kinerja Utama", "Satuan",
        .. Enumerable.Range(lkjip.StartYear, lkjip.Year - lkjip.StartYear + 1).SelectMany(y => new[] { $"Target {y}", $"Realisasi {y}" }),
        $"Capaian {lkjip.Year} (%)", $"Perubahan Realisasi thd {lkjip.Year - 1}", "Tren", $"Target Akhir {lkjip.EndYear}",
        $"Capaian thd Target Akhir {lkjip.EndYear} (%)",
    ];

    public static byte[] Write(Lkjip lkjip)
    {
        var columns = Columns(lkjip);
        var rows = lkjip.Rows.Select((row, n) =>
        {
            var cells = new List<object?> { n + 1, row.Sasaran, row.Indicator, row.Unit };
            foreach (var y in row.Years) cells.AddRange([Cell(y.Target), Cell(y.Realization)]);
            cells.AddRange([row.CapaianThisYear, row.Trend?.Change, row.Trend?.Direction switch
            {
                "improved" => "meningkat", "declined" => "menurun", "unchanged" => "tetap", _ => null,
            }, Cell(row.EndTarget), row.CapaianAgainstEndTarget]);
            return columns.Zip(cells).ToDictionary(c => c.First, c => c.Second);
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Count > 0 ? rows : [columns.ToDictionary(c => c, _ => (object?)null)], sheetName: $"LKjIP {lkjip.Year}");
        return stream.ToArray();
    }

    private static object? Cell(TargetValue? value) => value is null ? null : value.Number ?? (object)value.ToString();

    private static object? Cell(RealizedValue? value) => value?.Number ?? (object?)value?.Grade;
}
