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

    /// <summary>
    /// Creates the named database on the server when it does not exist yet, as a copy of <paramref name="template"/>
    /// when one is given and can be copied (otherwise empty, as PostgreSQL's default).
    /// </summary>
    public static async Task<string> EnsureDatabaseAsync(string serverConnectionString, string database,
        string? template = null)
    {
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            if (!await ExistsAsync(connection, database))
            {
                try
                {
                    await ExecuteAsync(connection, $"create database {Quote(database)}" +
                                                   (template is null ? "" : $" template {Quote(template)}"));
                }
                // The template is gone or someone is connected to it: the caller builds the schema in place.
                catch (PostgresException e) when (template is not null &&
                                                  e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.ObjectInUse)
                {
                    await ExecuteAsync(connection, $"create database {Quote(database)}");
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection server, string database)
    {
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", server)
        {
            Parameters = { new() { Value = database } },
        };
        return await exists.ExecuteScalarAsync() is not null;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";

    // Registered before Marten and Wolverine, so it stops after them: the server outlives their shutdown.
    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await cluster.DisposeAsync();
    }
}
