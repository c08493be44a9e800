using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.RencanaAksi;

namespace Sakip.Api.WebConsole;

/// <summary>The exports, for a browser that holds the console's cookie rather than a bearer token: the API's own writers.</summary>
public static class Downloads
{
    public static async Task<IResult> RencanaAksi(string tenant, string opd, int year, string? asOf, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        var (read, heading, problem) = await PrintRead.Load(console, opd, year, null, asOf);
        if (problem is not null) return console.Refuse(problem);
        return Results.File(RencanaAksiWorkbook.Write(RencanaAksiDocument.From(read!.State!), heading!), RencanaAksiQueries.WorkbookType,
            RencanaAksiQueries.FileName(opd, year));
    }

    public static async Task<IResult> Laporan(string tenant, string opd, int year, string? month, string? asOf, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        var (shown, problem) = await PrintRead.Laporan(console, opd, year, month, asOf);
        if (problem is not null) return console.Refuse(problem);
        return Results.File(LaporanWorkbook.Write(shown!.Laporan, shown.Heading), LaporanWorkbook.ContentType,
            LaporanQueries.FileName(opd, year, shown.Laporan.Month));
    }

    public static async Task<IResult> Audit(string tenant, string format, string? opd, string? year, string? indicator, string? user,
        string? role, string? eventType, string? from, string? to, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (ConsoleRequest.Integer("year", year) is (_, { } invalid)) return console.Refuse(invalid);
        var form = new AuditForm(Blank(opd), ConsoleRequest.Integer("year", year).Value, Blank(indicator), Blank(user), Blank(role), Blank(eventType), Blank(from), Blank(to));
        var (filter, problem) = AuditTrailPage.Filter(console, form, null, format);
        if (problem is not null) return console.Refuse(problem);
        var entries = await AuditQueries.Export(AuditQueries.Filtered(console.Session, console.User, filter!), console.Aborted);
        return format == "csv"
            ? Results.File(AuditExport.CsvBytes(entries), "text/csv; charset=utf-8", "audit-trail.csv")
            : Results.File(AuditExport.Xlsx(entries), LaporanWorkbook.ContentType, "audit-trail.xlsx");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
