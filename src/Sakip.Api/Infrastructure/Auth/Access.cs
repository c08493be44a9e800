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

    /// <summary>
    /// The one rule for every read that shows who changed what (history, changes, audit trail, Perubahan register):
    /// admins, inspectors and analysts read every OPD of the tenant; planners, operators and verifiers their own OPD
    /// only (<paramref name="opd"/> null: the read is scoped to their OPD by the caller); other roles nothing.
    /// </summary>
    public static ProblemDetails ReadChanges(ClaimsPrincipal principal, string? opd)
    {
        var user = SakipUser.From(principal);
        if (user is null) return Http.Problems.Forbidden("The token names no role.");
        if (Roles.TenantWideReaders.Contains(user.Role)) return WolverineContinue.NoProblems;
        if (!user.IsOpdScoped)
            return Http.Problems.Forbidden($"Role '{user.Role}' may not read who changed what; " +
                                           $"allowed: {string.Join(", ", Roles.TenantWideReaders.Concat(Roles.OpdScoped))}.");
        return opd is null || user.CoversOpd(opd)
            ? WolverineContinue.NoProblems
            : Http.Problems.Forbidden($"This token reads the changes of OPD '{user.Opd}' only, not of '{opd}'.");
    }

    /// <summary>The OPD a scoped reader is limited to, or null for a tenant-wide reader (then <paramref name="asked"/>).</summary>
    public static string? ReadScope(ClaimsPrincipal principal, string? asked) =>
        SakipUser.From(principal) is { } user ? ReadScope(user, asked) : asked;

    /// <inheritdoc cref="ReadScope(ClaimsPrincipal, string?)"/>
    public static string? ReadScope(SakipUser user, string? asked) => user.IsOpdScoped ? user.Opd : asked;
}
