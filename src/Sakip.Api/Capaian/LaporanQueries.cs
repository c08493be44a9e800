using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.OpdYears;
using Wolverine.Http;
using Sakip.Api.Infrastructure.Http;

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
    public static async Task<IResult> Get(string tenant, string opd, int year, int? month, string? format, string? asOf,
        CapaianRead read, HttpContext context, IQuerySession session, Integrity.IntegrityKeys keys, CancellationToken ct)
    {
        read.WriteFreshness(context);
        var laporan = LaporanCapaian.From(CapaianTable.Build(read.Model!, month ?? 12, read.Settings));
        if (!string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)) return Results.Ok(laporan);
        // The workbook's title and signature blocks need the plan (its signatory) as it stood: read only for the file.
        var instant = AsOfParameter.Parse(asOf);
        var state = instant is { } t
            ? OpdYearReplay.Fold((await OpdYearReplay.Events(session, keys, opd, year, t, ct)).Events)
            : await session.LoadAsync<OpdYear>(OpdYear.Key(opd, year), ct);
        var heading = await ReportHeading.Load(session, tenant, opd, state!, instant, DateTimeOffset.UtcNow, ct);
        return Results.File(LaporanWorkbook.Write(laporan, heading), LaporanWorkbook.ContentType, FileName(opd, year, laporan.Month));
    }

    public static string FileName(string opd, int year, int month) => $"laporan-capaian-{opd}-{year}-{month:00}.xlsx";
}
