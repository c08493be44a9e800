using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;

namespace Sakip.Api.RencanaAksi;

/// <summary>
/// The Rencana Aksi as a workbook laid out like the seed document: one sheet per level, each with the title block, one
/// row per indicator with its annual and monthly targets (quarterly ones under the quarter's last month), budget and
/// monthly plan, and the responsible official under grouped headers; the budget total and the signature close it. A
/// revised value reads "current (murni: x)".
/// </summary>
public static class RencanaAksiWorkbook
{
    /// <summary>The first row of figures, below the title block and the three header rows.</summary>
    public const int FirstDataRow = 10;

    private static readonly double[] Widths =
    [
        5, 12, 34, 34, 10, 10, .. Enumerable.Repeat(8.0, 12), 15, .. Enumerable.Repeat(14.0, 12), 24,
    ];

    public static byte[] Write(RencanaAksiDocument document, ReportHeading heading)
    {
        var workbook = new Spreadsheet();
        var columns = Widths.Length;
        foreach (var section in document.Sections)
        {
            var sheet = workbook.Add(section.Eselon, Widths);
            ReportSheets.Title(sheet, columns, "RENCANA AKSI ATAS PERJANJIAN KINERJA", heading.Agency.ToUpperInvariant(),
                heading.Government, $"TAHUN {document.Year}", section.Eselon.ToUpperInvariant());
            sheet.Row(new SheetCell(heading.AsOf is { } asOf ? "Keadaan data per " + Indonesian.DateTime(asOf, heading.Zone) : null,
                CellStyle.Note));

            var header = sheet.Row([
                H("No"), H("Kode"), H("Sasaran / Program / Kegiatan"), H("Indikator Kinerja"), H("Satuan"), H("Target Kinerja"),
                .. Enumerable.Repeat(H(null), 12), H("Anggaran (Rp)"), .. Enumerable.Repeat(H(null), 12), H("Penanggung Jawab"),
            ]);
            sheet.Row([
                H(null), H(null), H(null), H(null), H(null), H("Tahunan"), .. Indonesian.Months.Select(H), H("Tahunan"),
                .. Indonesian.Months.Select(m => H("s.d. " + m)), H(null),
            ]);
            sheet.Row(Enumerable.Range(1, columns).Select(n => (SheetCell?)new SheetCell($"({n})", CellStyle.Centered)).ToArray());
            foreach (var column in new[] { 0, 1, 2, 3, 4, columns - 1 }) sheet.Merge(header, column, column, header + 1);
            sheet.Merge(header, 5, 17);
            sheet.Merge(header, 18, 30);
            sheet.Header(header, header + 2);

            var number = 0;
            foreach (var row in section.Rows) sheet.Row(Row(++number, row));

            var total = sheet.Row([
                G(null), G(null), G($"JUMLAH ANGGARAN {section.Eselon.ToUpperInvariant()}"), G(null), G(null), G(null),
                .. Enumerable.Repeat(G(null), 12),
                section.BudgetTotal == section.BudgetTotalMurni
                    ? new SheetCell(section.BudgetTotal, CellStyle.GroupMoney)
                    : G($"{Indonesian.Money(section.BudgetTotal)} (murni: {Indonesian.Money(section.BudgetTotalMurni)})"),
                .. Enumerable.Repeat(G(null), 13),
            ]);
            sheet.Merge(total, 2, 4);
            ReportSheets.Signature(sheet, heading, columns - 8, columns - 1);
        }

        return workbook.Save();
    }

    private static SheetCell?[] Row(int number, RencanaAksiRow row)
    {
        var group = row.Level == NodeLevel.Sasaran;
        var quarterly = row.Schedule == "quarterly";
        var cells = new List<SheetCell?>
        {
            new SheetCell(number, CellStyle.Centered), T(row.NodeCode, group), T(row.NodeName, group), T(row.Indicator, false),
            T(row.Unit, false), Target(row.AnnualTarget),
        };
        for (var m = 1; m <= 12; m++)
        {
            var period = quarterly ? (m % 3 == 0 ? m / 3 : 0) : m;
            cells.Add(period > 0 ? Target(row.PeriodTargets.ElementAtOrDefault(period - 1)) : T(null, false));
        }

        cells.Add(Money(row.Budget));
        for (var m = 1; m <= 12; m++) cells.Add(Money(row.BudgetPlan.ElementAtOrDefault(m - 1)));
        cells.Add(T(row.Responsible?.Current is { } o ? o.Name is null ? o.Position : $"{o.Position} ({o.Name})" : null, false));
        return cells.ToArray();
    }

    private static SheetCell H(string? text) => new(text, CellStyle.Header);

    private static SheetCell G(string? text) => new(text, CellStyle.GroupText);

    private static SheetCell T(string? text, bool group) => new(text, group ? CellStyle.GroupText : CellStyle.Text);

    private static SheetCell Target(PlanValue<TargetValue>? value)
    {
        if (value?.Current is not { } current)
            return new(value?.Murni is { } m ? $"- (murni: {Indonesian.Target(m)})" : null, CellStyle.Number);
        if (value.RevisedBy is null) return new(current.Number ?? (object)Indonesian.Target(current), CellStyle.Number);
        return new($"{Indonesian.Target(current)} (murni: {(value.Murni is null ? "-" : Indonesian.Target(value.Murni))})", CellStyle.Text);
    }

    private static SheetCell Money(PlanValue<decimal?>? value)
    {
        if (value is null) return new(null, CellStyle.Money);
        if (value.RevisedBy is null) return new(value.Current, CellStyle.Money);
        return new($"{Indonesian.Money(value.Current)} (murni: {Indonesian.Money(value.Murni)})", CellStyle.Text);
    }
}
