using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Database;
using Sakip.Api.Infrastructure.Http;

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

            // Marten still checks each type's storage once per process at its first use, one thread at a time and
            // the others waiting at most 5 s: fifty first writes to a new tenant on a loaded machine timed out on it
            // (500). The checks run here, once, while every first request awaits this task.
            foreach (var mapping in store.Options.AllKnownDocumentTypes())
                await existing.EnsureStorageExistsAsync(mapping.DocumentType, CancellationToken.None);
            await existing.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), CancellationToken.None);
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
