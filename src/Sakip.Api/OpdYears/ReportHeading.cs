using Marten;
using Sakip.Api.Infrastructure;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Tenants;

namespace Sakip.Api.OpdYears;

/// <summary>
/// The title and signature blocks of an OPD-year's printed documents: the region and the agency, the year, and who
/// signs where and when. The signatory is the plan's as it stood at the moment shown (as-of reads sign as then).
/// </summary>
public sealed record ReportHeading(string Region, string Agency, int Year, Official? Signatory, string? Place,
    DateOnly Date, TimeZoneInfo Zone, DateTimeOffset? AsOf)
{
    /// <summary>"PEMERINTAH KABUPATEN BULELENG"; the tenant id until the region names itself.</summary>
    public string Government => "PEMERINTAH " + Region.ToUpperInvariant();

    /// <summary>Dated the instant shown when replaying, else today in the region's time.</summary>
    public static async Task<ReportHeading> Load(IQuerySession session, string tenant, string opd, OpdYear state,
        DateTimeOffset? asOf, DateTimeOffset now, CancellationToken ct)
    {
        var profile = await TenantProfile.Load(session, ct);
        var agency = await session.LoadAsync<Opd>(Opd.StreamKey(opd), ct);
        var zone = profile.Zone();
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(asOf ?? now, zone).DateTime);
        return new ReportHeading(profile.Name ?? tenant, agency?.Name ?? opd, state.Year, state.Plan?.Signatory, profile.Place,
            date, zone, asOf);
    }
}

/// <summary>The title and signature blocks as workbook rows.</summary>
public static class ReportSheets
{
    public static void Title(Spreadsheet.Sheet sheet, int columns, params string?[] lines)
    {
        var first = true;
        foreach (var line in lines)
        {
            var row = sheet.Row(new SheetCell(line, first ? CellStyle.Title : CellStyle.Subtitle));
            sheet.Merge(row, 0, columns - 1);
            first = false;
        }
    }

    /// <summary>"Singaraja, 30 September 2022", the position, room to sign, the name underlined and the NIP.</summary>
    public static void Signature(Spreadsheet.Sheet sheet, ReportHeading heading, int fromColumn, int toColumn)
    {
        sheet.Row();
        string?[] lines =
        [
            $"{heading.Place ?? "...................."}, {Indonesian.Date(heading.Date)}",
            heading.Signatory?.Position ?? "Kepala Perangkat Daerah", null, null, null,
            heading.Signatory?.Name ?? "(.........................................)",
            heading.Signatory?.Nip is { } nip ? "NIP. " + Indonesian.Nip(nip) : "NIP. ..............................",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = new SheetCell?[toColumn + 1];
            cells[fromColumn] = new SheetCell(lines[i],
                i == 5 ? CellStyle.SignatureName : CellStyle.PlainCenter);
            var row = sheet.Row(cells);
            sheet.Merge(row, fromColumn, toColumn);
        }
    }
}
