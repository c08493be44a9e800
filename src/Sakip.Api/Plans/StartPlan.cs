using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Opds;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <summary>Starts the draft plan (Rencana Aksi) of an OPD for a fiscal year.</summary>
public static class StartPlanEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "draft plans", Roles.Planner);

    public static async Task<ProblemDetails> ValidateAsync(string opd, int year, IDocumentSession session,
        CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Problems.Validation(new Problems.FieldError("year", "must be a fiscal year between 2000 and 2100."));
        if (await session.LoadAsync<Opd>(Opd.StreamKey(opd), ct) is null)
            return Problems.NotFound($"No OPD with code '{opd}' is registered.");
        return await session.Events.FetchStreamStateAsync(Plan.StreamKey(opd, year), ct) is null
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"The plan of '{opd}' for {year} was already started.");
    }

    /// <summary>Starts the draft plan (Rencana Aksi) of an OPD for a fiscal year. The OPD must be registered; a plan is started once.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/plan", Name = "StartPlan")]
    [Tags("Plans")]
    [ProducesResponseType<PlanView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int year, IDocumentSession session)
    {
        var started = new PlanStarted(opd, year);
        session.Events.StartStream<Plan>(Plan.StreamKey(opd, year), started);
        return Results.Created($"/api/{tenant}/opds/{opd}/years/{year}/plan", PlanWrites.View(Plan.Create(started), 1));
    }
}
