using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The Laporan Capaian for a month as the official form prints it (the API's LaporanCapaian document, now or as-of),
/// laid out for A4 landscape: every column on the page width, headers repeated on every page, the signature last.
/// </summary>
public partial class LaporanPrint
{
    public static async Task<IResult> Get(string tenant, string opd, int year, string? month, string? asOf, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        var (shown, problem) = await PrintRead.Laporan(console, opd, year, month, asOf);
        if (problem is not null) return console.Refuse(problem);
        return console.Page<LaporanPrint>(new
        {
            shown!.Laporan, shown.Heading,
            Back = $"/console/{tenant}/opds/{opd}/years/{year}{OpdYearPage.Query(shown.Heading.AsOf, shown.Month)}",
            RecordFailed = shown.Read.Integrity.Failed,
        });
    }
}

/// <summary>What both print views read: the OPD-year (now or as-of) under the API's checks, and its heading.</summary>
public static class PrintRead
{
    public static async Task<(OpdYearRead? Read, ReportHeading? Heading, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> Load(
        ConsoleRequest console, string opd, int year, int? month, string? asOf)
    {
        if (AuditQueries.Before(console.Principal, opd) is var denied && denied.IsProblem()) return (null, null, denied);
        var (instant, invalid) = console.Instant(asOf);
        if (invalid is not null) return (null, null, Problems.Validation(new Problems.FieldError("asOf", invalid)));
        var text = instant?.ToString("O");
        var read = await OpdYearRead.Load(opd, year, false, text, console.Session, console.Keys, console.Aborted);
        if (OpdYearRead.Check(opd, year, month, text, read) is var problem && problem.IsProblem()) return (null, null, problem);
        var heading = await ReportHeading.Load(console.Session, console.Tenant, opd, read.State!, instant, DateTimeOffset.UtcNow,
            console.Aborted);
        return (read, heading, null);
    }

    /// <summary>The Laporan Capaian of the month asked for, else of the last reported month (December when none is).</summary>
    public static async Task<(LaporanRead? Laporan, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> Laporan(
        ConsoleRequest console, string opd, int year, string? month, string? asOf)
    {
        var (chosen, notNumber) = ConsoleRequest.Integer("month", month);
        if (notNumber is not null) return (null, notNumber);
        var (read, heading, problem) = await Load(console, opd, year, chosen, asOf);
        if (problem is not null) return (null, problem);
        var shown = chosen ?? CapaianSettings.LastReportedMonth(read!.State!) ?? 12;
        return (new(read!, heading!, shown, LaporanCapaian.From(CapaianTable.Build(read!.State!, shown, read.Settings))), null);
    }
}

public sealed record LaporanRead(OpdYearRead Read, ReportHeading Heading, int Month, LaporanCapaian Laporan);
