using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

public static class PlanQueries
{
    /// <summary>The plan of an OPD-year: its status, the agreement and the node tree.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/plan", Name = "GetPlan")]
    [Tags("Plans")]
    [ProducesResponseType<PlanView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string opd, int year, IQuerySession session, CancellationToken ct)
    {
        var plan = await session.LoadAsync<Plan>(Plan.StreamKey(opd, year), ct);
        return plan is null
            ? Results.Problem(Problems.NotFound($"No plan for '{opd}' in {year}."))
            : Results.Ok(PlanView.From(plan));
    }
}
