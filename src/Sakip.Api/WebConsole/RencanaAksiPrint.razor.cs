using Sakip.Api.RencanaAksi;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The Rencana Aksi atas Perjanjian Kinerja (the API's RencanaAksiDocument, now or as-of) for A4 landscape: a table per
/// level with the monthly targets, the budget and the responsible official, murni under revised values.
/// </summary>
public partial class RencanaAksiPrint
{
    public static async Task<IResult> Get(string tenant, string opd, int year, string? asOf, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        var (read, heading, problem) = await PrintRead.Load(console, opd, year, null, asOf);
        if (problem is not null) return console.Refuse(problem);
        return console.Page<RencanaAksiPrint>(new
        {
            Document = RencanaAksiDocument.From(read!.State!), Heading = heading!,
            Back = $"/console/{tenant}/opds/{opd}/years/{year}{OpdYearPage.Query(heading!.AsOf, null)}",
            RecordFailed = read!.Integrity.Failed,
        });
    }
}
