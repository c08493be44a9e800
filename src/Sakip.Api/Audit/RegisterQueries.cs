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
    public static async Task<IResult> Get(string opd, int year, IQuerySession session, Integrity.IntegrityKeys keys,
        HttpContext context, CancellationToken ct)
    {
        var replayed = await OpdYearReplay.Events(session, keys, opd, year, null, ct);
        (await Integrity.IntegrityNotice.For(session, opd, year, replayed.Rejected, ct)).Write(context);
        return replayed.Events.Count == 0
            ? Results.Problem(Problems.NotFound($"No plan for '{opd}' in {year}."))
            : Results.Ok(PerubahanRegister.Build(opd, year, replayed.Events));
    }
}

public static class RegisterSummaryQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "read the revisions of every OPD", Roles.Inspector, Roles.Analyst);

    /// <summary>One line per OPD with a plan in <c>year</c>: revisions, flagged revisions, indicators touched, net budget change.</summary>
    [WolverineGet("/api/{tenant}/revisions/summary", Name = "RevisionSummary")]
    [Tags("Audit")]
    public static async Task<IReadOnlyList<RegisterSummary>> Get(int year, IQuerySession session, Integrity.IntegrityKeys keys,
        HttpContext context, CancellationToken ct)
    {
        var plans = await session.Query<Plan>().Where(p => p.Year == year).OrderBy(p => p.Opd).ToListAsync(ct);
        var summaries = new List<RegisterSummary>();
        var rejected = new List<Integrity.Rejection>();
        foreach (var plan in plans)
        {
            var replayed = await OpdYearReplay.Events(session, keys, plan.Opd, year, null, ct);
            rejected.AddRange(replayed.Rejected);
            summaries.Add(PerubahanRegister.Build(plan.Opd, year, replayed.Events).Summary);
        }

        (await Integrity.IntegrityNotice.ForTenant(session, ct)).With(rejected).Write(context);
        return summaries;
    }
}
