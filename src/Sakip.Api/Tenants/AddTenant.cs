using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Tenants;

/// <summary>Body of <c>PUT /system/tenants/{id}</c>: another server's database, or none to create one here.</summary>
public sealed record AddTenant(string? ConnectionString);

public static class TenantEndpoints
{
    /// <summary>
    /// Adds a tenant (a regional government) while the service runs. Database-per-tenant mode only; idempotent.
    /// Needs a token with the <c>system</c> role.
    /// </summary>
    [WolverinePut("/system/tenants/{id}", Name = "AddTenant")]
    [Tags("Tenants")]
    public static async Task<IResult> Put(string id, AddTenant? body, ClaimsPrincipal principal, TenantDatabases tenants,
        CancellationToken ct)
    {
        if (SakipUser.From(principal)?.Role != Roles.System)
            return Results.Problem(Problems.Forbidden("Adding tenants needs a token with the 'system' role."));
        if (!TenantDatabases.ValidId(id))
            return Results.Problem(Problems.Validation(new Problems.FieldError("id",
                "Use 2 to 40 lowercase letters, digits or '-', starting with a letter or digit.")));
        if (!tenants.PerTenant)
            return Results.Problem(Problems.Unprocessable(
                "The service runs with all tenants in one database (Sakip:Tenancy:Mode=shared): every tenant exists already."));
        await tenants.Ensure(id, body?.ConnectionString, ct);
        return Results.Ok(new { tenant = id, mode = TenancySettings.DatabasePerTenant });
    }
}
