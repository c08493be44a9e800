using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Wolverine.Http;

namespace Sakip.Api.Audit;

public static class AuditQueries
{
    public static ProblemDetails Before(ClaimsPrincipal user) =>
        Access.Require(user, "read the audit trail", Roles.Inspector, Roles.Analyst);

    /// <summary>The newest recorded changes of the tenant, newest first.</summary>
    [WolverineGet("/api/{tenant}/audit", Name = "AuditTrail")]
    [Tags("Audit")]
    public static async Task<IReadOnlyList<AuditEntry>> Get(IQuerySession session, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 50, 1, 500);
        return await session.Query<AuditEntry>().OrderByDescending(x => x.Sequence).Take(take).ToListAsync(ct);
    }
}
