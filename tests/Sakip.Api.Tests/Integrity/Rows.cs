using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sakip.Api.Integrity;

namespace Sakip.Api.Tests.Integrity;

/// <summary>SQL straight at a tenant's database, as someone with write access to PostgreSQL (and no key) would use it.</summary>
public static class Rows
{
    public static async Task<int> Sql(this SakipApp app, string tenant, string sql, params object?[] values)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> Scalar<T>(this SakipApp app, string tenant, string sql, params object?[] values)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new() { Value = value ?? DBNull.Value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<(long Sequence, string Stream, long Version, string Type)>> Events(this SakipApp app, string tenant)
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select seq_id, stream_id, version, type from sakip.mt_events where tenant_id = $1 and type <> 'tombstone' order by seq_id",
            connection) { Parameters = { new() { Value = tenant } } };
        var list = new List<(long, string, long, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        return list;
    }

    /// <summary>
    /// Inserts an event row the way only a holder of the service's key could: with a valid authenticator (an old
    /// version of the service or one of its tools writing directly). Returns its sequence.
    /// </summary>
    public static async Task<long> InsertSealed(this SakipApp app, string tenant, string stream, long version, string type,
        string dotnetType, string data)
    {
        var key = app.Factory.Services.GetRequiredService<IntegrityKeys>().Current;
        var (id, at) = (Guid.CreateVersion7(), EventSeal.Truncate(DateTimeOffset.UtcNow));
        var content = new SealedContent(tenant, stream, version, id, type, EventSeal.Micros(at), null, null, null,
            "{}"u8.ToArray(), Encoding.UTF8.GetBytes(JsonbText.Of(data)));
        var headers = $"{{\"{EventSeal.MacHeader}\": \"{EventSeal.Mac(key, content)}\"}}";
        await using var connection = new NpgsqlConnection(await app.ConnectionStringFor(tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "insert into sakip.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, headers) " +
            "values (nextval('sakip.mt_events_sequence'), $1, $2, $3, $4::jsonb, $5, $6, $7, $8, false, $9::jsonb) returning seq_id", connection)
        {
            Parameters =
            {
                new() { Value = id }, new() { Value = stream }, new() { Value = version }, new() { Value = data }, new() { Value = type },
                new() { Value = at }, new() { Value = tenant }, new() { Value = dotnetType }, new() { Value = headers },
            },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
