using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Database;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Tenants;

/// <summary>
/// Database-per-tenant mode (<c>Sakip:Tenancy:Mode=database</c>): Marten's master-table tenancy keeps
/// <c>tenant → connection string</c> in the configured database; a tenant is added while the service runs (its
/// database created on the configured server unless a connection string to another server is given, its schema
/// built, its projection agents picked up by the cluster on the next assignment check). In shared mode there is
/// nothing to add: every tenant lives in the one database.
/// </summary>
public sealed partial class TenantDatabases(IDocumentStore store, IConfiguration configuration, TenantTemplate template,
    ILogger<TenantDatabases> logger)
{
    private readonly ConcurrentDictionary<string, Task> _known = new();
    private readonly ConcurrentDictionary<string, Task> _resolved = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool PerTenant => SakipSettings.From(configuration).Tenancy.PerTenant;

    private MasterTableTenancy Tenancy => store.Options.Tenancy as MasterTableTenancy
                                         ?? throw new InvalidOperationException("Not in database-per-tenant mode.");

    public static bool ValidId(string tenant) => TenantId().IsMatch(tenant);

    /// <summary>The tenant a path under <c>/api/{tenant}/...</c> addresses, or null for any other path.</summary>
    public static string? OfPath(PathString path)
    {
        var segments = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is { Length: >= 2 } && segments[0] == "api" ? segments[1] : null;
    }

    public static ProblemDetails Unknown(string? tenant) =>
        Problems.NotFound($"No tenant '{tenant}' in this service: it is added with PUT /system/tenants/{{id}}.");

    /// <summary>The tenant's database, adding the tenant first when it is new.</summary>
    public Task Ensure(string tenant, string? connectionString, CancellationToken ct) =>
        !PerTenant ? Task.CompletedTask : _known.GetOrAdd(tenant, t => Add(t, connectionString));

    private async Task Add(string tenant, string? connectionString)
    {
        await _gate.WaitAsync();
        try
        {
            var existing = await Tenancy.TryFindDatabase(tenant);
            if (existing is null)
            {
                var master = configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)!;
                var database = $"sakip_{tenant.Replace('-', '_')}";
                connectionString ??= await DatabaseSetup.EnsureDatabaseAsync(master, database, await template.Name());
                await Tenancy.AddDatabaseRecordAsync(tenant, connectionString);
                existing = await Tenancy.FindOrCreateDatabase(tenant);
                LogAdded(logger, tenant, new NpgsqlConnectionStringBuilder(connectionString).Database ?? "?");
            }

            // The cluster starts the new database's projection agents as soon as the record exists, and they build
            // their part of the schema at the same time: a concurrent DDL failure is retried.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await existing.ApplyAllConfiguredChangesToDatabaseAsync();
                    break;
                }
                catch (Marten.Exceptions.MartenSchemaException) when (attempt < 5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt));
                }
            }
        }
        catch
        {
            _known.TryRemove(tenant, out _);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Looks the tenant's database up in the master table once, asynchronously, before any session is opened for it.
    /// Marten opens a session with a synchronous lookup of a tenant it has not seen yet: fifty first requests at once
    /// each blocked a thread-pool thread on it, starved the pool, and their connection attempts timed out (503).
    /// Unknown tenants throw <see cref="JasperFx.MultiTenancy.UnknownTenantIdException"/> and are asked again next time.
    /// </summary>
    public async Task Resolve(string tenant)
    {
        if (!PerTenant) return;
        var lookup = _resolved.GetOrAdd(tenant, t => Tenancy.GetTenantAsync(t).AsTask());
        try
        {
            await lookup;
        }
        catch
        {
            _resolved.TryRemove(KeyValuePair.Create(tenant, lookup));
            throw;
        }
    }

    /// <summary>The data source of the database a session works in (the tenant's in database-per-tenant mode).</summary>
    public static NpgsqlDataSource DataSourceOf(IQuerySession session) =>
        ((Weasel.Postgresql.PostgresqlDatabase)session.Database).DataSource;

    /// <summary>Every database holding tenant data: the one database, or each tenant database.</summary>
    public async Task<IReadOnlyList<NpgsqlDataSource>> All(CancellationToken ct)
    {
        var databases = await store.Storage.AllDatabases();
        return databases.OfType<Weasel.Postgresql.PostgresqlDatabase>().Select(d => d.DataSource).ToList();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex TenantId();

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} added with database {Database}")]
    private static partial void LogAdded(ILogger logger, string tenant, string database);
}

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

                if (user.Tenant != addressed)
                {
                    await Problems.Write(context, Problems.Forbidden($"The token is for tenant '{user.Tenant}', not '{addressed}'."));
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
