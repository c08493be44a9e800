using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>Applied to every endpoint under <c>/api/{tenant}</c>: a token only opens its own tenant.</summary>
public static class TenantAccessMiddleware
{
    public static ProblemDetails Before(HttpContext context) =>
        Check(SakipUser.From(context.User), context.GetRouteValue("tenant") as string);

    /// <summary>The one rule of tenants, applied by this middleware, by the tenant gate and before an idempotent replay.</summary>
    public static ProblemDetails Check(SakipUser? user, string? tenant) =>
        user is null ? Http.Problems.Forbidden("The token lacks the tenant, sub or role claim.")
        : string.Equals(user.Tenant, tenant, StringComparison.Ordinal) ? WolverineContinue.NoProblems
        : Http.Problems.Forbidden($"The token is for tenant '{user.Tenant}', not '{tenant}'.");
}
