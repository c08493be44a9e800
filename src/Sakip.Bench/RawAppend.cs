using System.Diagnostics;
using Npgsql;

namespace Sakip.Bench;

/// <summary>
/// The write scenario's baseline (issue 17): what an event store must do per write at the least, in plain Npgsql —
/// BEGIN; lock the stream's version row; INSERT the event; UPDATE the version; UPSERT the aggregate's snapshot; COMMIT.
/// </summary>
public sealed class RawAppend(NpgsqlDataSource db, string data, string headers, string snapshot)
{
    private const int StreamsPerConnection = 10;

    public static async Task<RawAppend> Create(NpgsqlDataSource db, string data, string headers, string snapshot, int connections)
    {
        await using var command = db.CreateCommand(
            "drop table if exists raw.append_events, raw.append_streams, raw.append_snapshots; create schema if not exists raw; " +
            "create table raw.append_streams (id text primary key, version int not null); " +
            "create table raw.append_events (seq_id bigserial primary key, id uuid not null, stream_id text not null, version int not null, " +
            "type text not null, data jsonb not null, headers jsonb, timestamp timestamptz not null default now(), unique (stream_id, version)); " +
            "create table raw.append_snapshots (id text primary key, data jsonb not null, version int not null); " +
            $"insert into raw.append_streams select 'ind:append-' || g, 0 from generate_series(0, {connections * StreamsPerConnection * 4 - 1}) g");
        await command.ExecuteNonQueryAsync();
        return new RawAppend(db, data, headers, snapshot);
    }

    /// <summary>One write; <paramref name="stream"/> picks the stream (one writer per stream at a time, as expected versions imply).</summary>
    public async Task Append(NpgsqlConnection connection, int stream)
    {
        var id = $"ind:append-{stream}";
        await using var tx = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, tx);
        await using (var select = new NpgsqlCommand("select version from raw.append_streams where id = $1 for update", connection, tx))
        {
            select.Parameters.Add(P(id));
            var version = (int)(await select.ExecuteScalarAsync())! + 1;
            batch.BatchCommands.Add(new("insert into raw.append_events (id, stream_id, version, type, data, headers) " +
                                        "values ($1, $2, $3, 'realization_submitted', $4::jsonb, $5::jsonb)")
            {
                Parameters = { P(Guid.CreateVersion7()), P(id), P(version), P(data), P(headers) },
            });
            batch.BatchCommands.Add(new("update raw.append_streams set version = $2 where id = $1")
            {
                Parameters = { P(id), P(version) },
            });
            batch.BatchCommands.Add(new("insert into raw.append_snapshots (id, data, version) values ($1, $2::jsonb, $3) " +
                                        "on conflict (id) do update set data = excluded.data, version = excluded.version")
            {
                Parameters = { P(id), P(snapshot), P(version) },
            });
        }

        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    private static NpgsqlParameter<T> P<T>(T value) => new() { TypedValue = value };

    /// <summary><paramref name="connections"/> closed-loop writers, each on its own streams: writes per second and latencies.</summary>
    public async Task<(double PerSecond, Latencies Latencies)> ClosedLoop(int connections, int total)
    {
        var latencies = new Latencies();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            await using var connection = await db.OpenConnectionAsync();
            var i = 0;
            while (Interlocked.Increment(ref next) < total)
            {
                var start = Stopwatch.GetTimestamp();
                await Append(connection, c * StreamsPerConnection + i++ % StreamsPerConnection);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        return (total / clock.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>The same write at a fixed arrival rate (open loop), each on a pooled connection.</summary>
    public Task<OpenLoop.Result> AtRate(double perSecond, TimeSpan duration)
    {
        var streams = StreamsPerConnection * 4 * 32;
        return OpenLoop.Run(perSecond, duration, async i =>
        {
            await using var connection = await db.OpenConnectionAsync();
            await Append(connection, (int)(i % streams));
            return true;
        });
    }
}
