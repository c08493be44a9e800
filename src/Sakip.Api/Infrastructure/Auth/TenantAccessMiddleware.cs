using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Auth;

/// <summary>Applied to every endpoint under <c>/api/{tenant}</c>: a token only opens its own tenant.</summary>
public static class TenantAccessMiddleware
{
    public static ProblemDetails Before(HttpContext context)
    {
        var tenant = context.GetRouteValue("tenant") as string;
        var user = SakipUser.From(context.User);
        if (user is null)
            return Http.Problems.Forbidden("The token lacks the tenant, sub or role claim.");
        return string.Equals(user.Tenant, tenant, StringComparison.Ordinal)
            ? WolverineContinue.NoProblems
            : Http.Problems.Forbidden($"The token is for tenant '{user.Tenant}', not '{tenant}'.");
    }
}
