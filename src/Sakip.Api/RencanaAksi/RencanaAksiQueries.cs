using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Capaian;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.RencanaAksi;

public static class RencanaAksiQueries
{
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The JSON answer may be one kept from an earlier read of the same plan (as of an instant) or of the same document (live); a workbook never is.</summary>
    public static Task<OpdYearRead> LoadAsync(string opd, int year, bool? consistent, string? asOf, string? format,
        IQuerySession session, Integrity.IntegrityKeys keys, ReportCache cache, ILogger<PlanCheckpoint> logger, CancellationToken ct) =>
        OpdYearRead.Load(opd, year, consistent, asOf, session, keys, ct, logger, format == "xlsx" ? null : cache);

    public static ProblemDetails Validate(string opd, int year, string? asOf, string? format, OpdYearRead read)
    {
        if (format is not null && format != "json" && format != "xlsx")
            return Problems.Validation(new Problems.FieldError("format", "must be json or xlsx."));
        return OpdYearRead.Check(opd, year, null, asOf, read);
    }

    /// <summary>
    /// The Rencana Aksi atas Perjanjian Kinerja of an OPD-year, as it stands now or (<c>asOf</c>) as it stood at
    /// an instant; <c>format=xlsx</c> for the workbook, one sheet per level.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/rencana-aksi", Name = "GetRencanaAksi")]
    [Tags("Rencana Aksi")]
    [ProducesResponseType<RencanaAksiDocument>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string tenant, string opd, int year, string? format, string? asOf, OpdYearRead read,
        HttpContext context, IQuerySession session, ReportCache cache, IOptions<JsonOptions> json, CancellationToken ct)
    {
        read.WriteFreshness(context);
        if (read.Cached is { } kept) return new ReportAnswer(kept);
        var document = RencanaAksiDocument.From(read.State!);
        if (format != "xlsx")
            return read.Key is { } key
                ? new ReportAnswer(cache.Keep(key, JsonSerializer.SerializeToUtf8Bytes(document, json.Value.SerializerOptions), null))
                : Results.Ok(document);
        var heading = await ReportHeading.Load(session, tenant, opd, read.State!, AsOfParameter.Parse(asOf), DateTimeOffset.UtcNow, ct);
        return Results.File(RencanaAksiWorkbook.Write(document, heading), WorkbookType, FileName(opd, year));
    }

    public static string FileName(string opd, int year) => $"rencana-aksi-{opd}-{year}.xlsx";
}
