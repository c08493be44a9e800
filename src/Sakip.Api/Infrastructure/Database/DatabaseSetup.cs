using Npgsql;

namespace Sakip.Api.Infrastructure.Database;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Sakip";

    /// <summary>
    /// The configured server (<c>ConnectionStrings:Sakip</c>) when there is one; otherwise the embedded
    /// cluster under the data directory, started now and stopped when the host stops.
    /// </summary>
    public static async Task<string> AddSakipDatabaseAsync(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var settings = SakipSettings.From(builder.Configuration);
        var cluster = await EmbeddedPostgres.StartAsync(settings.DataDirectory, settings.PostgresBinDirectory);
        builder.Services.AddHostedService(_ => new EmbeddedPostgresLifetime(cluster));
        var connectionString = await EnsureDatabaseAsync(cluster.ConnectionString, settings.DatabaseName);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        return connectionString;
    }

    /// <summary>Creates the named database on the server when it does not exist yet.</summary>
    public static async Task<string> EnsureDatabaseAsync(string serverConnectionString, string database)
    {
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand(
                    $"create database \"{database.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }

    // Registered before Marten and Wolverine, so it stops after them: the server outlives their shutdown.
    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await cluster.DisposeAsync();
    }
}
