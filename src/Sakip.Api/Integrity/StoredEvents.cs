using System.Runtime.CompilerServices;
using System.Text;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>An event as its row holds it: the columns its authenticator covers, printed by PostgreSQL.</summary>
public sealed record StoredEvent(long Sequence, Guid Id, string Stream, long Version, string Type, DateTimeOffset Timestamp,
    string? CorrelationId, string? CausationId, string? UserName, string Headers, string? Mac, string Data, bool Archived,
    string? SnapshotDigest)
{
    /// <summary>Marten's filler for a sequence number a failed transaction had reserved: nobody's event, never folded.</summary>
    public bool IsFiller => Type == "tombstone" && Stream == "mt_tombstone";

    public SealedContent Content(string tenant) => new(tenant, Stream, Version, Id, Type, EventSeal.Micros(Timestamp),
        CorrelationId, CausationId, UserName, Encoding.UTF8.GetBytes(Headers), Encoding.UTF8.GetBytes(Data));

    /// <summary>Null when the service wrote this row as it is now; else why the event is quarantined.</summary>
    public string? Problem(IntegrityKeys keys, string tenant) => Archived
        ? "The event is marked archived: the service never archives events, so the row was changed by hand."
        : EventSeal.Check(keys, Mac, Content(tenant));
}

/// <summary>What a projection folds in place of an event that failed verification: nothing.</summary>
public sealed record QuarantinedMarker(string Reason);

/// <summary>An event left out of a read because it failed verification.</summary>
public sealed record Rejection(long Sequence, Guid EventId, string Stream, long Version, string Type, string Reason, string Data);

/// <summary>Events a read may fold: the authentic ones, and those it had to leave out.</summary>
public sealed record VerifiedEvents(IReadOnlyList<IEvent> Events, IReadOnlyList<Rejection> Rejected);

/// <summary>
/// Reads events straight from <c>mt_events</c> with the columns their authenticators cover, checks each against the
/// keyring, and turns the authentic ones into Marten events (the event type from the stored type name). Every read
/// that folds events — as-of replays, history, the projections' look-backs — goes through here, so an event the
/// service did not write is never folded: it is left out and reported.
/// </summary>
public static class StoredEvents
{
    /// <summary>The columns read for verification (the bench's baseline scans the same).</summary>
    public const string Columns =
        "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.correlation_id, e.causation_id, e.user_name, " +
        $"coalesce((e.headers - '{EventSeal.MacHeader}')::text, '{{}}'), e.headers->>'{EventSeal.MacHeader}', e.data::text, e.is_archived, " +
        $"e.headers->>'{EventSeal.SnapshotHeader}'";

    /// <summary>A tenant's events after <paramref name="afterSequence"/> up to <paramref name="throughSequence"/>, in sequence order.</summary>
    public static IAsyncEnumerable<StoredEvent> Range(NpgsqlDataSource dataSource, string tenant, long afterSequence,
        long? throughSequence, CancellationToken ct) =>
        Where(dataSource, "e.tenant_id = $1 and e.seq_id > $2 and e.seq_id <= $3 order by e.seq_id",
            [tenant, afterSequence, throughSequence ?? long.MaxValue], ct);

    public static IAsyncEnumerable<StoredEvent> Streams(NpgsqlDataSource dataSource, string tenant, string[] streams,
        DateTimeOffset? until, long? throughVersion, CancellationToken ct) =>
        Where(dataSource, "e.tenant_id = $1 and e.stream_id = any($2) and e.timestamp <= $3 and e.version <= $4 order by e.seq_id",
            [tenant, streams, until ?? DateTimeOffset.MaxValue, throughVersion ?? long.MaxValue], ct);

    public static IAsyncEnumerable<StoredEvent> Sequences(NpgsqlDataSource dataSource, string tenant, long[] sequences,
        CancellationToken ct) =>
        Where(dataSource, "e.tenant_id = $1 and e.seq_id = any($2) order by e.seq_id", [tenant, sequences], ct);

    /// <summary>The events of <c>mt_events e</c> that <paramref name="where"/> selects (its placeholders $1, $2, … the parameters'), in its order.</summary>
    public static async IAsyncEnumerable<StoredEvent> Where(NpgsqlDataSource dataSource, string where, object[] parameters,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select {Columns} from {Infrastructure.EventStore.Schema}.mt_events e where {where}");
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Row(reader);
    }

    /// <summary>A statement of a batch, its positional parameters ($1, $2, …) in order.</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    /// <summary>The event in the first columns of a row selected with <see cref="Columns"/>.</summary>
    public static StoredEvent Row(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2),
        reader.GetInt64(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), Text(reader, 6), Text(reader, 7),
        Text(reader, 8), reader.GetString(9), Text(reader, 10), reader.GetString(11), !reader.IsDBNull(12) && reader.GetBoolean(12),
        Text(reader, 13));

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>Checks the rows and folds-ready events of the authentic ones; fillers are neither.</summary>
    public static async Task<VerifiedEvents> Verify(IQuerySession session, IntegrityKeys keys, IAsyncEnumerable<StoredEvent> rows,
        CancellationToken ct)
    {
        var events = new List<IEvent>();
        var rejected = new List<Rejection>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (row.IsFiller) continue;
            if (row.Problem(keys, session.TenantId) is { } problem)
                rejected.Add(new Rejection(row.Sequence, row.Id, row.Stream, row.Version, row.Type, problem, row.Data));
            else events.Add(ToEvent(session, row));
        }

        return new VerifiedEvents(events, rejected);
    }

    /// <summary>
    /// Of events a projection received, those whose rows fail verification now (or are gone), with why: one range read
    /// of the rows per tenant, so the projection folds exactly what the verifier vouches for.
    /// </summary>
    public static async Task<Dictionary<long, string>> Rejected(NpgsqlDataSource dataSource, IntegrityKeys keys,
        IEnumerable<IEvent> events, CancellationToken ct)
    {
        var rejected = new Dictionary<long, string>();
        foreach (var tenant in events.Where(e => e.Data is not Tombstone).GroupBy(e => e.TenantId))
        {
            var wanted = tenant.Select(e => e.Sequence).ToHashSet();
            var found = new HashSet<long>();
            await foreach (var row in Range(dataSource, tenant.Key, wanted.Min() - 1, wanted.Max(), ct))
            {
                if (!wanted.Contains(row.Sequence)) continue;
                found.Add(row.Sequence);
                if (!row.IsFiller && row.Problem(keys, tenant.Key) is { } problem) rejected[row.Sequence] = problem;
            }

            foreach (var missing in wanted.Except(found)) rejected[missing] = "The event's row is gone: it was deleted.";
        }

        return rejected;
    }

    /// <summary>The event Marten would have loaded from the row: data by its stored type name, and its metadata.</summary>
    public static IEvent ToEvent(IQuerySession session, StoredEvent row)
    {
        var mapping = EventTypes(session.DocumentStore).GetValueOrDefault(row.Type)
                      ?? throw new InvalidOperationException($"Event type '{row.Type}' of sequence {row.Sequence} is not mapped.");
        var serializer = EventSealing.Serializer(session.DocumentStore);
        var data = serializer.FromJson(mapping.DocumentType, new MemoryStream(Encoding.UTF8.GetBytes(row.Data)));
        var e = mapping.Wrap(data);
        e.Sequence = row.Sequence;
        e.Id = row.Id;
        e.StreamKey = row.Stream;
        e.Version = row.Version;
        e.Timestamp = row.Timestamp;
        e.TenantId = session.TenantId;
        e.CorrelationId = row.CorrelationId;
        e.CausationId = row.CausationId;
        e.UserName = row.UserName;
        e.Headers = serializer.FromJson<Dictionary<string, object>>(new MemoryStream(Encoding.UTF8.GetBytes(row.Headers)));
        return e;
    }

    private static readonly ConditionalWeakTable<IDocumentStore, Dictionary<string, Marten.Events.EventMapping>> Mappings = new();

    private static Dictionary<string, Marten.Events.EventMapping> EventTypes(IDocumentStore store) => Mappings.GetValue(store,
        s => ((Marten.Events.EventGraph)s.Options.Events).AllKnownEventTypes().OfType<Marten.Events.EventMapping>()
            .GroupBy(m => m.EventTypeName).ToDictionary(g => g.Key, g => g.First()));
}
