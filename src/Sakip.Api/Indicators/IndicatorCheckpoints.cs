using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Npgsql;
using Sakip.Api.Infrastructure;
using Sakip.Api.Integrity;

namespace Sakip.Api.Indicators;

/// <summary>
/// The fold of an indicator's first <see cref="Version"/> events, as the write that reached that version stored its
/// snapshot, with the latest recorded time among them: an as-of read at or after <see cref="RecordedThrough"/> starts
/// from it and replays only the events after it. Derived data under an authenticator of the service's key (<see cref="Mac"/>
/// covers tenant, stream, version, recorded time and the state as PostgreSQL prints it), so a checkpoint edited in the
/// database is never folded.
/// </summary>
public sealed class IndicatorCheckpoint
{
    public string Id { get; set; } = "";
    public string Stream { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset RecordedThrough { get; set; }
    public string Mac { get; set; } = "";
    public Indicator? State { get; set; }
}

/// <summary>An as-of fold of one indicator: the state, the events left out, and the checkpoint it started from (0: none).</summary>
public sealed record IndicatorReplay(Indicator? State, IReadOnlyList<Rejection> Rejected, long FromVersion, IReadOnlyList<IEvent> Events)
{
    /// <summary>Every finding of the tenant, read in the replay's round trip (<see cref="IndicatorCheckpoints.Replay"/>); none from <see cref="IndicatorCheckpoints.Full"/>.</summary>
    public IntegrityNotice TenantFindings { get; init; } = IntegrityNotice.Verified;
}

/// <summary>
/// Checkpoints of indicator streams, every <see cref="Every"/> versions: written in the transaction of the write that
/// crosses the boundary (from the snapshot it stores), read by <see cref="Replay"/> for <c>asOf</c> and <c>asOfVersion</c>.
/// </summary>
public static partial class IndicatorCheckpoints
{
    /// <summary>Versions between checkpoints: an as-of read verifies and folds at most this many events after one.</summary>
    public const int Every = 25;

    /// <summary>The index a checkpoint is found by: stream, version, recorded time, tenant.</summary>
    public const string LookupIndex = "mt_doc_indicatorcheckpoint_idx_lookup";

    public static void Configure(StoreOptions opts, IntegrityKeys keys)
    {
        // Real columns to find a checkpoint by, so a lookup reads index entries and no stored state but the one it folds.
        // They are copies: a read verifies the authenticator over the column values it selected by, so an edited column
        // can only make it miss a checkpoint (and start from an older one, or from the first event), never fold a wrong one.
        // One index over the three: a lookup seeks the stream's latest versions and checks the recorded time in the index,
        // not in ~40 candidate rows.
        opts.Schema.For<IndicatorCheckpoint>()
            .Duplicate(c => c.Stream)
            .Duplicate(c => c.Version)
            .Duplicate(c => c.RecordedThrough)
            .LookupIndex(LookupIndex, c => c.Stream, c => c.Version, c => c.RecordedThrough);
        opts.Listeners.Add(new Writer(keys));
    }

    public static string Id(string stream, long version) => $"{stream}@{version}";

    public static string Mac(IntegrityKey key, string tenant, string stream, long version, DateTimeOffset through, string state) =>
        key.Id + ":" + Convert.ToHexStringLower(HMACSHA256.HashData(key.HmacKey, Message(key.Id, tenant, stream, version, through, state)));

    private static byte[] Message(string keyId, string tenant, string stream, long version, DateTimeOffset through, string state) =>
        EventSeal.Frame("sakip-indicator-checkpoint-v1", keyId, tenant, stream, version.ToString(CultureInfo.InvariantCulture),
            EventSeal.Micros(through).ToString(CultureInfo.InvariantCulture), state);

    /// <summary>Whether <paramref name="mac"/> authenticates this checkpoint under a key of the ring.</summary>
    public static bool Verifies(IntegrityKeys keys, string? mac, string tenant, string stream, long version, DateTimeOffset through,
        string state) =>
        keys.Authenticates(mac, key => HMACSHA256.HashData(key.HmacKey, Message(key.Id, tenant, stream, version, through, state)));

    /// <summary>
    /// The indicator as it stood at <paramref name="until"/> or at <paramref name="throughVersion"/>: the latest checkpoint
    /// that lies wholly before that point, if it verifies, and the verified events after it — in one round trip. A
    /// checkpoint that does not verify is ignored and the whole stream replayed. The tenant's findings come in the same
    /// round trip (<see cref="IndicatorReplay.TenantFindings"/>).
    /// </summary>
    public static async Task<IndicatorReplay> Replay(IQuerySession session, IntegrityKeys keys, string stream,
        DateTimeOffset? until, long? throughVersion, ILogger? logger, CancellationToken ct)
    {
        var table = Table(session.DocumentStore);
        var tenant = session.TenantId;
        object[] parameters = [tenant, stream, until ?? DateTimeOffset.MaxValue, throughVersion ?? long.MaxValue];
        await using var batch = Tenants.TenantDatabases.DataSourceOf(session).CreateBatch();
        batch.BatchCommands.Add(StoredEvents.BatchCommand(Latest(table), parameters));
        batch.BatchCommands.Add(StoredEvents.BatchCommand(
            $"select {StoredEvents.Columns} from {Infrastructure.EventStore.Schema}.mt_events e where e.tenant_id = $1 and e.stream_id = $2 " +
            $"and e.timestamp <= $3 and e.version <= $4 and e.version > coalesce((select max(c.version) from {table} c " +
            $"where {Applies}), 0) order by e.version", parameters));
        var findings = IntegrityNotice.Enlist(batch, session);

        (long Version, DateTimeOffset Through, string? Mac, string State)? checkpoint = null;
        var tail = new List<StoredEvent>();
        IntegrityNotice notice;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                checkpoint = (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) tail.Add(StoredEvents.Row(reader));
            notice = await findings.Read(reader, ct);
        }

        if (checkpoint is { } c && !Verifies(keys, c.Mac, tenant, stream, c.Version, c.Through, c.State))
        {
            if (logger is not null) LogRefused(logger, stream, c.Version, tenant);
            return await Full(session, keys, stream, until, throughVersion, ct) with { TenantFindings = notice };
        }

        var start = checkpoint is { } verified
            ? EventSealing.Serializer(session.DocumentStore).FromJson<Indicator>(new MemoryStream(Encoding.UTF8.GetBytes(verified.State)))
            : null;
        var events = await StoredEvents.Verify(session, keys, Rows(tail), ct);
        return new IndicatorReplay(events.Events.Aggregate(start, Indicator.Step), events.Rejected, checkpoint?.Version ?? 0, events.Events)
        {
            TenantFindings = notice,
        };
    }

    public static string Table(IDocumentStore store) =>
        store.Options.FindOrResolveDocumentType(typeof(IndicatorCheckpoint)).TableName.QualifiedName;

    /// <summary>The checkpoints of stream $2 of tenant $1 wholly before the instant $3 and the version $4 (<see cref="LookupIndex"/>).</summary>
    private const string Applies = "c.tenant_id = $1 and c.stream = $2 and c.recorded_through <= $3 and c.version <= $4";

    /// <summary>
    /// The latest checkpoint that applies (<see cref="Applies"/>): version, recorded time, authenticator and state as text —
    /// the state printed for the one row picked, not for every candidate before the sort (as a plain order by … limit would).
    /// </summary>
    public static string Latest(string table) =>
        $"select c.version, c.recorded_through, c.data->>'mac', (c.data->'state')::text " +
        $"from (select * from {table} c where {Applies} order by c.version desc limit 1) c";

    /// <summary>Every verified event of the stream up to the point, from the first.</summary>
    public static async Task<IndicatorReplay> Full(IQuerySession session, IntegrityKeys keys, string stream, DateTimeOffset? until,
        long? throughVersion, CancellationToken ct)
    {
        var events = await StoredEvents.Verify(session, keys, StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session),
            session.TenantId, [stream], until, throughVersion, ct), ct);
        return new IndicatorReplay(events.Events.Aggregate((Indicator?)null, Indicator.Step), events.Rejected, 0, events.Events);
    }

#pragma warning disable CS1998 // an async iterator over rows already read
    private static async IAsyncEnumerable<StoredEvent> Rows(List<StoredEvent> rows, [EnumeratorCancellation] CancellationToken ct = default)
#pragma warning restore CS1998
    {
        foreach (var row in rows) yield return row;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Checkpoint {Stream}@{Version} of tenant {Tenant} does not verify: ignored, the whole stream replayed")]
    private static partial void LogRefused(ILogger logger, string stream, long version, string tenant);

    /// <summary>
    /// Stores a checkpoint when a write takes an indicator across a multiple of <see cref="Every"/>: the snapshot the
    /// write stores (the fold through its last event, checked against the record by <see cref="SnapshotGuard"/> before it
    /// was built on) with the latest recorded time of the stream so far.
    /// </summary>
    private sealed class Writer(IntegrityKeys keys) : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var crossing = session.PendingChanges.Streams()
                .Where(s => s.Key?.StartsWith("ind:", StringComparison.Ordinal) == true && s.Events.Count > 0 &&
                            s.Events[^1].Version / Every > (s.Events[0].Version - 1) / Every)
                .ToList();
            if (crossing.Count == 0) return;
            var snapshots = session.PendingChanges.Operations().OfType<Weasel.Storage.IDocumentStorageOperation>()
                .Select(o => o.Document).OfType<Indicator>().GroupBy(i => i.Id).ToDictionary(g => g.Key, g => g.Last());
            var serializer = EventSealing.Serializer(session.DocumentStore);
            foreach (var stream in crossing)
            {
                var version = stream.Events[^1].Version;
                if (!snapshots.TryGetValue(stream.Key!, out var state) || state.Version != version) continue;
                var tenant = stream.TenantId ?? session.TenantId;
                var through = stream.Events.Select(e => EventSeal.Truncate(e.Timestamp)).Max();
                if (await RecordedThrough(session, tenant, stream.Key!, token) is { } earlier && earlier > through) through = earlier;
                var text = JsonbText.Of(serializer.ToJson(state));
                session.Store(new IndicatorCheckpoint
                {
                    Id = Id(stream.Key!, version), Stream = stream.Key!, Version = version, RecordedThrough = through,
                    Mac = Mac(keys.Current, tenant, stream.Key!, version, through, text), State = state,
                });
            }
        }

        private static async Task<DateTimeOffset?> RecordedThrough(IDocumentSession session, string tenant, string stream, CancellationToken ct)
        {
            await using var command = Tenants.TenantDatabases.DataSourceOf(session).CreateCommand(
                $"select max(timestamp) from {Infrastructure.EventStore.Schema}.mt_events where tenant_id = $1 and stream_id = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = stream });
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
        }
    }
}
