using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Capaian;

public static class LaporanQueries
{
    public static Task<CapaianRead> LoadAsync(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, Integrity.IntegrityKeys keys, CancellationToken ct) =>
        CapaianRead.Load(opd, year, consistent, asOf, session, keys, ct);

    public static ProblemDetails Validate(string opd, int year, int? month, string? asOf, CapaianRead read) =>
        CapaianRead.Check(opd, year, month, asOf, read);

    /// <summary>The Laporan Capaian as of <c>month</c> (default December); <c>format=xlsx</c> for the workbook.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/laporan-capaian", Name = "GetLaporanCapaian")]
    [Tags("Capaian")]
    [ProducesResponseType<LaporanCapaian>(StatusCodes.Status200OK)]
    public static IResult Get(string opd, int year, int? month, string? format, CapaianRead read, HttpContext context)
    {
        read.WriteFreshness(context);
        var laporan = LaporanCapaian.From(CapaianTable.Build(read.Model!, month ?? 12, read.Settings));
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
            return Results.File(LaporanWorkbook.Write(laporan), LaporanWorkbook.ContentType,
                $"laporan-capaian-{opd}-{year}-{laporan.Month:00}.xlsx");
        return Results.Ok(laporan);
    }
}
