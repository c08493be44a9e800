using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

public static class LkjipQueries
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Read(user, opd);

    public static Task<RenstraRead> LoadAsync(string opd, int startYear, int endYear, string? asOf, IQuerySession session,
        Integrity.IntegrityKeys integrity, CancellationToken ct) => RenstraRead.Load(session, integrity, opd, startYear, endYear, asOf, ct);

    public static ProblemDetails Validate(string opd, int startYear, int endYear, int? year, string? asOf, string? format,
        RenstraRead read)
    {
        if (read.Check(opd, startYear, endYear, asOf) is var missing && missing.IsProblem()) return missing;
        return new FieldChecks()
            .When(year is null || year < startYear || year > endYear, "year", $"is required: a year of the period {startYear}-{endYear}.")
            .When(format is not null and not "json" and not "xlsx", "format", "must be json or xlsx.")
            .Result();
    }

    /// <summary>
    /// The LKjIP comparison table for <c>year</c>: each IKU's target and realization for every year of the period so far,
    /// capaian this year, the trend against last year and capaian against the end-of-period target; <c>format=xlsx</c>
    /// for the workbook, <c>asOf</c> for the table as it stood at an instant.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/lkjip", Name = "GetLkjip")]
    [Tags("Renstra")]
    [ProducesResponseType<Lkjip>(StatusCodes.Status200OK)]
    public static IResult Get(string opd, int? year, string? format, RenstraRead read)
    {
        var lkjip = Lkjip.Build(read, year!.Value);
        return format == "xlsx"
            ? Results.File(LkjipWorkbook.Write(lkjip), LkjipWorkbook.ContentType,
                $"lkjip-{opd}-{lkjip.StartYear}-{lkjip.EndYear}-{year}.xlsx")
            : Results.Ok(lkjip);
    }
}
