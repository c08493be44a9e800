using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <summary>Who may read and change a Renstra: tokens bound to an OPD see and change their own OPD's only.</summary>
public static class RenstraAccess
{
    public static ProblemDetails Read(ClaimsPrincipal principal, string opd)
    {
        var user = SakipUser.From(principal);
        if (user is null || user.Role == Roles.System)
            return Problems.Forbidden("This token holds no right to read the tenant's plans.");
        return !user.IsOpdScoped || user.CoversOpd(opd)
            ? WolverineContinue.NoProblems
            : Problems.Forbidden($"This token is limited to OPD '{user.Opd}' and may not read the Renstra of '{opd}'.");
    }

    public static ProblemDetails Plan(ClaimsPrincipal principal, string opd) =>
        Access.RequireForOpd(principal, opd, "draft or revise a Renstra", Roles.Planner);

    /// <summary>A period as Renstra documents have it: a first year from 2000 and at most ten years.</summary>
    public static ProblemDetails Period(int startYear, int endYear) => new FieldChecks()
        .When(startYear is < 2000 or > 2100, "startYear", "must be a year between 2000 and 2100.")
        .When(endYear < startYear || endYear > startYear + 9, "endYear", "must be the start year or up to nine years after it.")
        .Result();
}
