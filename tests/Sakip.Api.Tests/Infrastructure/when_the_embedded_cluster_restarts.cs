using Npgsql;
using Sakip.Api.Infrastructure.Database;

namespace Sakip.Api.Tests.Infrastructure;

public sealed class when_the_embedded_cluster_restarts
{
    [Fact]
    public async Task the_second_start_reuses_the_data_of_the_first()
    {
        var root = Path.Combine(Path.GetTempPath(), "sakip-restart-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var first = await EmbeddedPostgres.StartAsync(root))
            {
                var db = await DatabaseSetup.EnsureDatabaseAsync(first.ConnectionString, "kept");
                await Execute(db, "create table marker (note text); insert into marker values ('still here')");
            }

            File.Exists(Path.Combine(root, "pg", "data", "postmaster.pid")).ShouldBeFalse("stopped on dispose");
            NpgsqlConnection.ClearAllPools(); // same port, same connection string: this process's pooled ones are dead

            await using var second = await EmbeddedPostgres.StartAsync(root);
            var again = await DatabaseSetup.EnsureDatabaseAsync(second.ConnectionString, "kept");
            await using var connection = new NpgsqlConnection(again);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("select note from marker", connection);
            (await read.ExecuteScalarAsync()).ShouldBe("still here");
        }
        finally
        {
            try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
