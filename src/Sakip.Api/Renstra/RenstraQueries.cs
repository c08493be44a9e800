using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

public static class RenstraQueries
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Read(user, opd);

    public static Task<RenstraState> LoadAsync(string opd, int startYear, int endYear, string? asOf, IQuerySession session,
        Integrity.IntegrityKeys integrity, CancellationToken ct) =>
        RenstraReplay.Load(session, integrity, opd, startYear, endYear, AsOfParameter.Parse(asOf), ct);

    public static ProblemDetails Validate(string opd, int startYear, int endYear, string? asOf, RenstraState state)
    {
        if (AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem()) return bad;
        return state.Plan is null
            ? Problems.NotFound(asOf is null
                ? $"No Renstra {startYear}-{endYear} for '{opd}'."
                : $"The Renstra {startYear}-{endYear} of '{opd}' did not exist at {asOf}.")
            : WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The Renstra of an OPD for a period: its IKU, then each position (jabatan) with its tugas, fungsi and IKI, every
    /// indicator with its sasaran, explanation, unit, polarity, target per year, data source and formal revisions.
    /// <c>asOf</c> answers as it stood at an instant: exactly the body the plain read returned then.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}", Name = "GetRenstra")]
    [Tags("Renstra")]
    [ProducesResponseType<RenstraView>(StatusCodes.Status200OK)]
    public static RenstraView Get(RenstraState state) => RenstraView.From(state);
}
