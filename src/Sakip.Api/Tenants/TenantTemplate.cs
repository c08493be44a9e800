using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Storage;
using Npgsql;
using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Tenants;

/// <summary>
/// A database on the configured server that holds this build's tenant schema and nothing else, which PostgreSQL copies
/// for each new tenant created there (<c>CREATE DATABASE … TEMPLATE</c>). Building the schema of a new database
/// statement by statement took seconds per tenant; a copy takes a fraction of one, and Marten then finds nothing left
/// to change. The name carries a hash of the schema script: nodes of one build share the template, another build never
/// copies a stale one. It is only a shortcut: Marten still checks and completes the new database's schema, and any
/// failure here means the schema is built in place, as without a template.
/// </summary>
public sealed partial class TenantTemplate(IDocumentStore store, IConfiguration configuration, ILogger<TenantTemplate> logger)
{
    private readonly Lazy<Task<string?>> _name = new(() => Task.Run(() => Build(store, configuration, logger)));

    /// <summary>The template's database name, built at the first call; null when none could be built.</summary>
    public Task<string?> Name() => _name.Value;

    private static async Task<string?> Build(IDocumentStore store, IConfiguration configuration, ILogger logger)
    {
        var server = configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)!;
        try
        {
            var options = (StoreOptions)store.Options;
            string script;
            await using (var scratch = NpgsqlDataSource.Create(server))
                script = new MartenDatabase(options, scratch, "template").ToDatabaseScript();
            var name = "sakip_template_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];

            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            if (await DatabaseSetup.ExistsAsync(admin, name)) return name;

            // One node builds it; the others wait and find it built. The lock ends with the session.
            await DatabaseSetup.ExecuteAsync(admin, $"select pg_advisory_lock(hashtext('{name}'))");
            if (await DatabaseSetup.ExistsAsync(admin, name)) return name;
            var building = name + "_building";
            await DatabaseSetup.ExecuteAsync(admin, $"drop database if exists {DatabaseSetup.Quote(building)} with (force)");
            var target = await DatabaseSetup.EnsureDatabaseAsync(server, building);
            // No pooling: a template with an open connection cannot be renamed or copied.
            await using (var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(target) { Pooling = false }.ConnectionString))
                await new MartenDatabase(options, source, "template").ApplyAllConfiguredChangesToDatabaseAsync();
            // Published whole or not at all: a copy never sees a half-built template.
            await DatabaseSetup.ExecuteAsync(admin, $"alter database {DatabaseSetup.Quote(building)} rename to {DatabaseSetup.Quote(name)}");
            LogBuilt(logger, name);
            return name;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoTemplate(logger, e);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant databases are created as copies of {Template}")]
    private static partial void LogBuilt(ILogger logger, string template);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No tenant template database: new tenant databases get their schema built in place")]
    private static partial void LogNoTemplate(ILogger logger, Exception exception);
}
