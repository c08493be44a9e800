using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;
using Wolverine.Http;

namespace Sakip.Api.Audit;

public static class RegisterQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal, string opd) => Access.ReadChanges(principal, opd);

    /// <summary>The Perubahan register of an OPD-year: every revision after the PK, with before/after and red flags.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/revisions", Name = "RevisionRegister")]
    [Tags("Audit")]
    [ProducesResponseType<RevisionRegister>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string opd, int year, IQuerySession session, CancellationToken ct)
    {
        var events = await OpdYearReplay.Events(session, opd, year, null, ct);
        return events.Count == 0
            ? Results.Problem(Problems.NotFound($"No plan for '{opd}' in {year}."))
            : Results.Ok(PerubahanRegister.Build(opd, year, events));
    }
}

public static class RegisterSummaryQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "read the revisions of every OPD", Roles.Inspector, Roles.Analyst);

    /// <summary>One line per OPD with a plan in <c>year</c>: revisions, flagged revisions, indicators touched, net budget change.</summary>
    [WolverineGet("/api/{tenant}/revisions/summary", Name = "RevisionSummary")]
    [Tags("Audit")]
    public static async Task<IReadOnlyList<RegisterSummary>> Get(int year, IQuerySession session, CancellationToken ct)
    {
        var plans = await session.Query<Plan>().Where(p => p.Year == year).OrderBy(p => p.Opd).ToListAsync(ct);
        var summaries = new List<RegisterSummary>();
        foreach (var plan in plans)
            summaries.Add(PerubahanRegister.Build(plan.Opd, year, await OpdYearReplay.Events(session, plan.Opd, year, null, ct)).Summary);
        return summaries;
    }
}
