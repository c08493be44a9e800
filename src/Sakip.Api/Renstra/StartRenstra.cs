using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Opds;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <summary>Starts the draft Renstra of an OPD for a period, e.g. 2018-2022.</summary>
public static class StartRenstraEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Plan(user, opd);

    public static async Task<ProblemDetails> ValidateAsync(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct)
    {
        if (RenstraAccess.Period(startYear, endYear) is var period && period.IsProblem()) return period;
        if (await session.LoadAsync<Opd>(Opd.StreamKey(opd), ct) is null)
            return Problems.NotFound($"No OPD with code '{opd}' is registered.");
        return await Overlapping(session, opd, startYear, endYear, ct) is { } other
            ? Problems.Conflict($"The Renstra {other.StartYear}-{other.EndYear} of '{opd}' covers part of {startYear}-{endYear} " +
                                "already: an OPD has one Renstra for each year.")
            : WolverineContinue.NoProblems;
    }

    public static Task<RenstraPlan?> Overlapping(IQuerySession session, string opd, int startYear, int endYear,
        CancellationToken ct) =>
        session.Query<RenstraPlan>().Where(r => r.Opd == opd && r.StartYear <= endYear && r.EndYear >= startYear)
            .FirstOrDefaultAsync(ct);

    /// <summary>Starts the Renstra of an OPD for a period (at most ten years), as a draft.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}", Name = "StartRenstra")]
    [Tags("Renstra")]
    [ProducesResponseType<RenstraView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int startYear, int endYear, IDocumentSession session)
    {
        var started = new RenstraStarted(opd, startYear, endYear);
        session.Events.StartStream<RenstraPlan>(RenstraPlan.StreamKey(opd, startYear, endYear), started);
        var plan = RenstraPlan.Create(started);
        plan.Version = 1;
        return Results.Created($"/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}",
            RenstraView.From(new RenstraState(plan, new Dictionary<string, RenstraIndicator>())));
    }
}
