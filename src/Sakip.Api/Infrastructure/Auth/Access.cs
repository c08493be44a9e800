using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>Role and OPD-scope checks for endpoints' <c>Before</c> methods (the tenant is checked by middleware).</summary>
public static class Access
{
    public static ProblemDetails Require(ClaimsPrincipal principal, string action, params string[] roles)
    {
        var user = SakipUser.From(principal);
        if (user is not null && (user.IsAdmin || roles.Contains(user.Role))) return WolverineContinue.NoProblems;
        return Http.Problems.Forbidden(
            $"Role '{user?.Role}' may not {action}; allowed: {string.Join(", ", roles.Prepend(Roles.Admin).Distinct())}.");
    }

    public static ProblemDetails RequireForOpd(ClaimsPrincipal principal, string opd, string action,
        params string[] roles)
    {
        var problem = Require(principal, action, roles);
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems)) return problem;
        var user = SakipUser.From(principal)!;
        return user.CoversOpd(opd)
            ? WolverineContinue.NoProblems
            : Http.Problems.Forbidden($"This token is limited to OPD '{user.Opd}' and may not {action} for '{opd}'.");
    }
}
