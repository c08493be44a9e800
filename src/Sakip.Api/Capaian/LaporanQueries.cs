using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.OpdYears;
using Wolverine.Http;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.Capaian;

public static class LaporanQueries
{
    /// <summary>The workbook needs the model (and the plan) every time; the JSON body is kept by its inputs.</summary>
    public static Task<CapaianRead> LoadAsync(string opd, int year, int? month, string? format, bool? consistent, string? asOf,
        IQuerySession session, Integrity.IntegrityKeys keys, ReportCache cache, CancellationToken ct) =>
        CapaianRead.Load(opd, year, consistent, asOf, session, keys, ct, cache, Workbook(format) ? null : "laporan-capaian", month);

    private static bool Workbook(string? format) => string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase);

    public static ProblemDetails Validate(string opd, int year, int? month, string? asOf, CapaianRead read) =>
        CapaianRead.Check(opd, year, month, asOf, read);

    /// <summary>The Laporan Capaian as of <c>month</c> (default December); <c>format=xlsx</c> for the workbook.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/laporan-capaian", Name = "GetLaporanCapaian")]
    [Tags("Capaian")]
    [ProducesResponseType<LaporanCapaian>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string tenant, string opd, int year, int? month, string? format, string? asOf,
        CapaianRead read, HttpContext context, IQuerySession session, Integrity.IntegrityKeys keys, ReportCache cache,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        read.WriteFreshness(context);
        if (!Workbook(format))
            return read.Answer((model, settings) => LaporanCapaian.From(CapaianTable.Build(model, month ?? 12, settings)),
                json.Value.SerializerOptions, cache);
        var laporan = LaporanCapaian.From(CapaianTable.Build(read.Model!, month ?? 12, read.Settings!));
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
