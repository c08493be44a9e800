using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Capaian;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.RencanaAksi;

public static class RencanaAksiQueries
{
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static Task<OpdYearRead> LoadAsync(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, Integrity.IntegrityKeys keys, CancellationToken ct) =>
        OpdYearRead.Load(opd, year, consistent, asOf, session, keys, ct);

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
    public static IResult Get(string opd, int year, string? format, OpdYearRead read, HttpContext context)
    {
        read.WriteFreshness(context);
        var document = RencanaAksiDocument.From(read.State!);
        return format == "xlsx"
            ? Results.File(RencanaAksiWorkbook.Write(document), WorkbookType, $"rencana-aksi-{opd}-{year}.xlsx")
            : Results.Ok(document);
    }
}
