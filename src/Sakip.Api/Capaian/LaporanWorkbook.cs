using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.OpdYears;

namespace Sakip.Api.Capaian;

/// <summary>
/// The Laporan Capaian as the official form lays it out: the title block (report, agency, region, year and "s.d.
/// bulan"), then (1) code, (2) program/kegiatan, (3) indicator, target and realization each as anggaran and volume,
/// satuan, capaian keuangan and kinerja under grouped headers, the total row with the rata-rata, and the signature.
/// </summary>
public static class LaporanWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The first row of figures, below the title block and the three header rows.</summary>
    public const int FirstDataRow = 9;

    public static byte[] Write(LaporanCapaian laporan, ReportHeading heading)
    {
        var workbook = new Spreadsheet();
        var sheet = workbook.Add($"Capaian {laporan.Year}-{laporan.Month:00}", 13, 40, 40, 17, 10, 17, 10, 11, 11, 11);
        ReportSheets.Title(sheet, 10, "LAPORAN CAPAIAN PELAKSANAAN PROGRAM, KEGIATAN DAN SUB KEGIATAN",
            heading.Agency.ToUpperInvariant(), heading.Government,
            $"TAHUN ANGGARAN {laporan.Year} — S.D. BULAN {Indonesian.Month(laporan.Month).ToUpperInvariant()}");
        sheet.Row(new SheetCell(heading.AsOf is { } asOf ? "Keadaan data per " + Indonesian.DateTime(asOf, heading.Zone) : null,
            CellStyle.Note));

        var header = sheet.Row(H("Kode"), H("Program / Kegiatan / Sub Kegiatan"), H("Indikator Kinerja"), H("Target"), H(null),
            H("Realisasi"), H(null), H("Satuan"), H("Capaian (%)"), H(null));
        sheet.Row(H(null), H(null), H(null), H("Anggaran (Rp)"), H("Volume"), H("Anggaran (Rp)"), H("Volume"), H(null),
            H("Keuangan"), H("Kinerja"));
        sheet.Row(Enumerable.Range(1, 10).Select(n => (SheetCell?)new SheetCell($"({n})", CellStyle.Centered)).ToArray());
        foreach (var column in new[] { 0, 1, 2, 7 }) sheet.Merge(header, column, column, header + 1);
        foreach (var column in new[] { 3, 5, 8 }) sheet.Merge(header, column, column + 1);
        sheet.Header(header, header + 2);

        foreach (var row in laporan.Rows)
        {
            var program = row.Level == "program";
            var lines = row.Indicators.Count == 0 ? [null] : row.Indicators.Cast<LaporanLine?>().ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var line = lines[i];
                var first = i == 0;
                sheet.Row(T(first ? row.Code : null, program), T(first ? row.Name : null, program), T(line?.Name, false),
                    M(first ? row.Budget : null, program), V(line?.Target), M(first ? row.BudgetRealized : null, program),
                    V(line?.Realization), T(line?.Unit, false), P(first ? row.FinancialCapaian : null, program), P(line?.Capaian, false));
            }

            sheet.Row(T(null, false), new SheetCell($"Capaian kinerja {row.Level} {row.Code}", CellStyle.Note), T(null, false),
                T(null, false), T(null, false), T(null, false), T(null, false), T(null, false), T(null, false),
                P(row.PerformanceCapaian, program));
        }

        var t = laporan.Total;
        sheet.Row(T(null, true), T("JUMLAH", true), T(null, true), M(t.Budget, true), T(null, true), M(t.BudgetRealized, true),
            T(null, true), T(null, true), P(t.FinancialCapaian, true), P(t.PerformanceCapaian, true));
        var average = sheet.Row(T(null, true), T("RATA-RATA CAPAIAN (keuangan dan kinerja)", true), null, null, null, null, null,
            null, null, P(t.Average, true));
        sheet.Merge(average, 1, 8);
        ReportSheets.Signature(sheet, heading, 7, 9);
        return workbook.Save();
    }

    private static SheetCell H(string? text) => new(text, CellStyle.Header);

    private static SheetCell T(string? text, bool group) => new(text, group ? CellStyle.GroupText : CellStyle.Text);

    private static SheetCell M(decimal? money, bool group) => new(money, group ? CellStyle.GroupMoney : CellStyle.Money);

    private static SheetCell P(decimal? percent, bool group) => new(percent, group ? CellStyle.GroupPercent : CellStyle.Percent);

    private static SheetCell V(TargetValue? value) => new(value is null ? null : value.Number ?? (object)value.ToString(), CellStyle.Number);

    private static SheetCell V(RealizedValue? value) => new(value?.Number ?? (object?)value?.Grade, CellStyle.Number);
}
