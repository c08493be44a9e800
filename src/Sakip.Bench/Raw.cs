using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;

namespace Sakip.Bench;

/// <summary>One row of an events-shaped table, as the baselines write it.</summary>
public sealed record RawEvent(Guid Id, string StreamId, int Version, string Type, string Data, string? Headers, DateTimeOffset Timestamp);

/// <summary>
/// The hardware's limit in the same run: plain Npgsql against an events-shaped table in the same database
/// (id, stream, version, type, jsonb data and headers, timestamp; unique stream+version as any event store has).
/// </summary>
public sealed class Raw(NpgsqlDataSource db)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task CreateTable(string name)
    {
        await using var command = db.CreateCommand(
            $"drop table if exists raw.{name}; create schema if not exists raw; " +
            $"create table raw.{name} (seq_id bigserial primary key, id uuid not null, stream_id text not null, " +
            "version int not null, type text not null, data jsonb not null, headers jsonb, tenant_id text not null default 'buleleng', " +
            "timestamp timestamptz not null default now(), unique (tenant_id, stream_id, version))");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Single-row INSERT transactions (autocommit), <paramref name="connections"/> at once: rows per second and latencies.</summary>
    public async Task<(double PerSecond, Latencies Latencies)> SingleRowInserts(string table, int connections, int total, string data,
        string headers)
    {
        var latencies = new Latencies();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            await using var connection = await db.OpenConnectionAsync();
            var version = 0;
            while (Interlocked.Increment(ref next) < total)
            {
                var start = Stopwatch.GetTimestamp();
                await using var insert = new NpgsqlCommand(
                    $"insert into raw.{table} (id, stream_id, version, type, data, headers) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)",
                    connection)
                {
                    Parameters =
                    {
                        new() { Value = Guid.CreateVersion7() }, new() { Value = $"ind:write-{c}-{version % 10}" },
                        new() { Value = ++version }, new() { Value = "realization_submitted" }, new() { Value = data },
                        new() { Value = headers },
                    },
                };
                await insert.ExecuteNonQueryAsync();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        return (total / clock.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>Multi-row INSERT statements of <paramref name="rowsPerStatement"/> rows, in one transaction.</summary>
    public async Task<double> MultiRowInsert(string table, IEnumerable<RawEvent> rows, int rowsPerStatement = 1000)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var count = 0L;
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            var sql = new StringBuilder($"insert into raw.{table} (id, stream_id, version, type, data, headers, timestamp) values ");
            await using var insert = new NpgsqlCommand { Connection = connection, Transaction = tx };
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = i * 7;
                sql.Append(i == 0 ? "" : ",").Append($"(${p + 1},${p + 2},${p + 3},${p + 4},${p + 5}::jsonb,${p + 6}::jsonb,${p + 7})");
                var row = chunk[i];
                insert.Parameters.Add(new() { Value = row.Id });
                insert.Parameters.Add(new() { Value = row.StreamId });
                insert.Parameters.Add(new() { Value = row.Version });
                insert.Parameters.Add(new() { Value = row.Type });
                insert.Parameters.Add(new() { Value = row.Data });
                insert.Parameters.Add(new() { Value = (object?)row.Headers ?? DBNull.Value });
                insert.Parameters.Add(new() { Value = row.Timestamp });
            }

            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync();
            count += chunk.Length;
        }

        await tx.CommitAsync();
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>COPY ... FROM STDIN (FORMAT BINARY) of the same rows.</summary>
    public async Task<double> Copy(string table, IEnumerable<RawEvent> rows)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync();
        var count = 0L;
        await using (var writer = await connection.BeginBinaryImportAsync(
                         $"copy raw.{table} (id, stream_id, version, type, data, headers, timestamp) from stdin (format binary)"))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.StreamId, NpgsqlDbType.Text);
                await writer.WriteAsync(row.Version, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.Type, NpgsqlDbType.Text);
                await writer.WriteAsync(row.Data, NpgsqlDbType.Jsonb);
                if (row.Headers is null) await writer.WriteNullAsync();
                else await writer.WriteAsync(row.Headers, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(row.Timestamp, NpgsqlDbType.TimestampTz);
                count++;
            }

            await writer.CompleteAsync();
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Reads every row a query returns, every column as the client would get it: rows and milliseconds.</summary>
    public async Task<(long Rows, double Ms)> Read(string sql, params object[] parameters)
    {
        var start = Stopwatch.GetTimestamp();
        await using var command = db.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new() { Value = p });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0L;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }

        return (rows, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public async Task ResetStatements()
    {
        await using var command = db.CreateCommand("select pg_stat_statements_reset()");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements that took most of the database's time since the last reset.</summary>
    public async Task<List<string>> TopStatements(int count = 8)
    {
        await using var command = db.CreateCommand(
            "select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements " +
            "where query not like '%pg_stat_statements%' order by total_exec_time desc limit $1");
        command.Parameters.Add(new() { Value = count });
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        var total = 0.0;
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(3);
            lines.Add($"{reader.GetDouble(1),10:N0} ms {reader.GetInt64(0),9:N0} calls {reader.GetInt64(2),10:N0} rows  {query[..Math.Min(query.Length, 160)]}");
            total += reader.GetDouble(1);
        }

        return lines;
    }

    public async Task<T> Scalar<T>(string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new() { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A generated event as the baseline stores it: the same data and headers serialized to JSON.</summary>
    public static RawEvent From(IEvent e) => new(e.Id, e.StreamKey!, (int)e.Version, Snake(e.EventType.Name),
        JsonSerializer.Serialize(e.Data, e.EventType, Json), e.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h, Json) : null,
        e.Timestamp);

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
