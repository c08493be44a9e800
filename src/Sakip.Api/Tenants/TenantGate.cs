using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Tenants;

/// <summary>
/// Before anything opens a session for the route's tenant: a token only opens its own tenant (403, the same rule
/// the endpoints apply, but early enough that another tenant's database is never touched), and in development
/// (Sakip:Tenancy:AutoProvision) a valid token for an unknown tenant adds it. In database-per-tenant mode the tenant's
/// database is then resolved once, asynchronously (an unknown tenant gets 404 here).
/// </summary>
public static class TenantGate
{
    public static IApplicationBuilder UseTenantGate(this IApplicationBuilder app)
    {
        var settings = SakipSettings.From(app.ApplicationServices.GetRequiredService<IConfiguration>()).Tenancy;
        var perTenant = settings.PerTenant;
        var provision = perTenant && settings.AutoProvision;
        return app.Use(async (context, next) =>
        {
            if (TenantDatabases.OfPath(context.Request.Path) is { } addressed && SakipUser.From(context.User) is { } user)
            {
                if (!TenantDatabases.ValidId(addressed))
                {
                    await Problems.Write(context, Problems.Validation(new Problems.FieldError("tenant",
                        "must be a tenant id: 2 to 40 lowercase letters, digits or '-'.")));
                    return;
                }

                if (TenantAccessMiddleware.Check(user, addressed) is var refused && refused.IsProblem())
                {
                    await Problems.Write(context, refused);
                    return;
                }

                if (perTenant && TenantDatabases.ValidId(user.Tenant))
                {
                    var tenants = context.RequestServices.GetRequiredService<TenantDatabases>();
                    if (provision) await tenants.Ensure(user.Tenant, null, context.RequestAborted);
                    try
                    {
                        await tenants.Resolve(user.Tenant);
                    }
                    catch (JasperFx.MultiTenancy.UnknownTenantIdException)
                    {
                        await Problems.Write(context, TenantDatabases.Unknown(user.Tenant));
                        return;
                    }
                }
            }

            await next(context);
        });
    }
}
