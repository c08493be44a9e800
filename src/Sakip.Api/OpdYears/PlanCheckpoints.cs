using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Npgsql;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Integrity;

namespace Sakip.Api.OpdYears;

/// <summary>
/// An OPD-year's plan — the fold of its first <see cref="Count"/> plan events (every event of its scope but the
/// realizations), the last at <see cref="Sequence"/>, the latest recorded at <see cref="RecordedThrough"/> — as the
/// OPD-year projection held it when it folded that event, realizations left out. An as-of Rencana Aksi at or after
/// <see cref="RecordedThrough"/> starts from it and replays only the plan events after it. Derived data under an
/// authenticator of the service's key (<see cref="Mac"/>), so a checkpoint edited in the database is never folded.
/// The state is kept as its JSON text (a string in the document): PostgreSQL hands a string back as it is, where printing
/// a 400 KB jsonb tree took it 10–15 ms per read.
/// </summary>
public sealed class PlanCheckpoint
{
    public string Id { get; set; } = "";
    public string Scope { get; set; } = "";
    public long Sequence { get; set; }
    public long Count { get; set; }
    public DateTimeOffset RecordedThrough { get; set; }
    public string Mac { get; set; } = "";
    public string State { get; set; } = "";
}

/// <summary>A plan-only as-of fold of an OPD-year: the state, the events left out, and the checkpoint it started from (0: none).</summary>
public sealed record PlanReplay(OpdYear? State, IReadOnlyList<Rejection> Rejected, long FromSequence);

/// <summary>A plan checkpoint as its columns give it, without its state.</summary>
public sealed record PlanCheckpointRef(string Id, long Sequence, long Count, DateTimeOffset Through, string? Mac);

/// <summary>Where an as-of plan of <see cref="Scope"/> starts (a checkpoint, or none: the first event) and the verified plan events after it.</summary>
public sealed record PlanTail(string Scope, PlanCheckpointRef? Checkpoint, VerifiedEvents Events);

/// <summary>
/// What an as-of plan answer is computed from, exactly: the tenant, the scope, the checkpoint with every column its
/// authenticator covers (an edited or relabelled checkpoint is another key, and is verified, and refused, before anything
/// is kept under it), and the sequence numbers of the tail events folded and of those left out. Equal keys fold the same
/// authentic events, so they give byte-equal answers; an event found tampered later is left out and changes the key.
/// </summary>
public sealed record PlanAnswerKey(string Tenant, string Scope, PlanCheckpointRef? Checkpoint, string Folded, string LeftOut)
    : IAnswerKey
{
    public static PlanAnswerKey Of(string tenant, PlanTail tail) => new(tenant, tail.Scope, tail.Checkpoint,
        string.Join(',', tail.Events.Events.Select(e => e.Sequence)), string.Join(',', tail.Events.Rejected.Select(r => r.Sequence)));
}

/// <summary>
/// Checkpoints of OPD-year plans, at every <see cref="Every"/>-th plan event of the scope: written by the OPD-year
/// projection in the batch that folds that event (so a rebuild writes the same ones), read by <see cref="Replay"/>
/// for the Rencana Aksi's <c>asOf</c>, which otherwise verifies and folds every plan event of the year.
/// </summary>
public static partial class PlanCheckpoints
{
    /// <summary>Plan events between checkpoints: an as-of read verifies and folds at most this many after one.</summary>
    public const int Every = 50;

    /// <summary>The index a checkpoint is found by: scope, sequence, recorded time, tenant.</summary>
    public const string LookupIndex = "mt_doc_plancheckpoint_idx_lookup";

    public static void Configure(StoreOptions opts)
    {
        // Real columns to find a checkpoint by; copies the read verifies the authenticator over, so an edited column can
        // only make a read miss a checkpoint (and start from an older one or the first event), never fold a wrong one.
        // One index over scope, sequence and recorded time: a lookup seeks the scope's latest checkpoints and checks the
        // recorded time in the index.
        opts.Schema.For<PlanCheckpoint>()
            .Duplicate(c => c.Scope)
            .Duplicate(c => c.Sequence)
            .Duplicate(c => c.RecordedThrough)
            // Columns too, so a read decompresses the stored document once (for the state), not once per field it reads.
            .Duplicate(c => c.Count)
            .Duplicate(c => c.Mac)
            .LookupIndex(LookupIndex, c => c.Scope, c => c.Sequence, c => c.RecordedThrough);
    }

    public static string Id(string scope, long count) => $"{scope}@{count}";

    /// <summary>Whether the OPD-year projection, having just folded <paramref name="e"/> into <paramref name="state"/>, stores a checkpoint.</summary>
    public static bool Due(OpdYear state, IEvent e) => OpdYear.IsReadByPlan(e.Data) && state.PlanEvents % Every == 0;

    /// <summary>
    /// The checkpoint of <paramref name="state"/> just after <paramref name="e"/>: the state with every realization left
    /// out and its freshness that of the plan events alone — what folding the plan events alone gives, to the field the
    /// Rencana Aksi reads — copied through its stored form (the fold goes on changing the state after this).
    /// </summary>
    public static PlanCheckpoint Capture(OpdYear state, IEvent e, string tenant, IntegrityKeys keys, ISerializer serializer)
    {
        var plan = new OpdYear
        {
            Id = state.Id, Opd = state.Opd, Year = state.Year, Plan = state.Plan,
            Indicators = new SortedDictionary<string, Indicator>(
                state.Indicators.ToDictionary(i => i.Key, i => i.Value with { Realizations = new Dictionary<int, Realization>() }),
                StringComparer.Ordinal),
            LastSequence = e.Sequence, LastRecordedAt = state.PlanRecordedThrough,
            PlanEvents = state.PlanEvents, PlanRecordedThrough = state.PlanRecordedThrough,
        };
        var json = serializer.ToJson(plan);
        return new PlanCheckpoint
        {
            Id = Id(state.Id, state.PlanEvents), Scope = state.Id, Sequence = e.Sequence, Count = state.PlanEvents,
            RecordedThrough = state.PlanRecordedThrough,
            Mac = Mac(keys.Current, tenant, state.Id, e.Sequence, state.PlanEvents, state.PlanRecordedThrough, json),
            State = json,
        };
    }

    public static string Mac(IntegrityKey key, string tenant, string scope, long sequence, long count, DateTimeOffset through,
        string state) =>
        key.Id + ":" + Convert.ToHexStringLower(Hash(key, tenant, scope, sequence, count, through, Encoding.UTF8.GetBytes(state)));

    /// <summary>
    /// HMAC of the fields framed as <see cref="EventSeal.Frame"/> frames them, the state last, hashed from its UTF-8 bytes as
    /// they are (a read hands over the ~400 KB it received instead of copying them into a framed message).
    /// </summary>
    private static byte[] Hash(IntegrityKey key, string tenant, string scope, long sequence, long count, DateTimeOffset through,
        ReadOnlySpan<byte> state)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.HmacKey);
        hmac.AppendData(EventSeal.Frame("sakip-plan-checkpoint-v1", key.Id, tenant, scope, sequence.ToString(CultureInfo.InvariantCulture),
            count.ToString(CultureInfo.InvariantCulture), EventSeal.Micros(through).ToString(CultureInfo.InvariantCulture)));
        hmac.AppendData(Encoding.ASCII.GetBytes(state.Length.ToString(CultureInfo.InvariantCulture) + ":"));
        hmac.AppendData(state);
        hmac.AppendData(","u8);
        return hmac.GetHashAndReset();
    }

    /// <summary>Whether <paramref name="mac"/> authenticates this checkpoint under a key of the ring.</summary>
    public static bool Verifies(IntegrityKeys keys, string? mac, string tenant, string scope, long sequence, long count,
        DateTimeOffset through, string state) =>
        Verifies(keys, mac, tenant, scope, sequence, count, through, Encoding.UTF8.GetBytes(state));

    private static bool Verifies(IntegrityKeys keys, string? mac, string tenant, string scope, long sequence, long count,
        DateTimeOffset through, byte[] state) =>
        keys.Authenticates(mac, key => Hash(key, tenant, scope, sequence, count, through, state));

    public static string Table(IDocumentStore store) =>
        store.Options.FindOrResolveDocumentType(typeof(PlanCheckpoint)).TableName.QualifiedName;

    /// <summary>The checkpoints of scope $2 of tenant $1 wholly before the instant $3 (<see cref="LookupIndex"/>).</summary>
    private const string Applies = "c.tenant_id = $1 and c.scope = $2 and c.recorded_through <= $3";

    /// <summary>The latest checkpoint that applies (<see cref="Applies"/>): id, sequence, count, recorded time, authenticator.</summary>
    public static string Latest(string table) =>
        $"select c.id, c.sequence, c.count, c.recorded_through, c.mac from {table} c where {Applies} order by c.sequence desc limit 1";

    /// <summary>
    /// Where the plan of an OPD-year as it stood at <paramref name="until"/> starts from, in one round trip: the latest
    /// checkpoint recorded through then (its columns, not its state) and the plan events after it in the scope's streams,
    /// verified. With <see cref="Replay(IQuerySession, IntegrityKeys, string, int, DateTimeOffset, PlanTail, ILogger?, CancellationToken)"/>
    /// the plan itself; the two name the answer exactly (<see cref="PlanAnswerKey"/>), so a kept answer needs no more.
    /// </summary>
    public static async Task<PlanTail> Tail(IQuerySession session, IntegrityKeys keys, string opd, int year, DateTimeOffset until,
        CancellationToken ct)
    {
        var scope = OpdYear.Key(opd, year);
        var table = Table(session.DocumentStore);
        object[] parameters = [session.TenantId, scope, until, opd, year, Plans.Plan.StreamKey(opd, year)];
        await using var batch = Tenants.TenantDatabases.DataSourceOf(session).CreateBatch();
        batch.BatchCommands.Add(StoredEvents.BatchCommand(Latest(table), parameters[..3]));
        batch.BatchCommands.Add(StoredEvents.BatchCommand(
            // The scope's streams, and in them only the plan events after the checkpoint: the partial index of plan events
            // seeks to them, no realization is visited.
            $"select {StoredEvents.Columns} from {Infrastructure.EventStore.Schema}.mt_events e where e.tenant_id = $1 " +
            $"and e.stream_id = any({OpdYearReplay.ScopeStreams(session.DocumentStore, "$1", "$4", "$5", "$6")}) " +
            $"and {OpdYearReplay.PlanEventsOnly(session.DocumentStore)} and e.timestamp <= $3 and e.seq_id > coalesce((select max(c.sequence) from {table} c where {Applies}), 0) " +
            "order by e.seq_id", parameters));

        PlanCheckpointRef? checkpoint = null;
        var tail = new List<StoredEvent>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                checkpoint = new PlanCheckpointRef(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? -1 : reader.GetInt64(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) tail.Add(StoredEvents.Row(reader));
        }

        return new PlanTail(scope, checkpoint, await StoredEvents.Verify(session, keys, tail.ToAsyncEnumerable(), ct));
    }

    /// <summary>
    /// The plan of an OPD-year as it stood at <paramref name="until"/>: the checkpoint <paramref name="tail"/> starts from,
    /// if it verifies, with the verified plan events after it folded in. A checkpoint that does not verify is ignored and
    /// every plan event replayed.
    /// </summary>
    public static async Task<PlanReplay> Replay(IQuerySession session, IntegrityKeys keys, string opd, int year, DateTimeOffset until,
        PlanTail tail, ILogger? logger, CancellationToken ct)
    {
        OpdYear? start = null;
        if (tail.Checkpoint is { } c)
        {
            var table = Table(session.DocumentStore);
            // The state as its UTF-8 bytes: authenticated and deserialized from the one buffer received, never as a string.
            await using var command = Tenants.TenantDatabases.DataSourceOf(session).CreateCommand(
                $"select convert_to(c.data->>'state', 'UTF8') from {table} c where c.tenant_id = $1 and c.id = $2");
            command.Parameters.Add(new() { Value = session.TenantId });
            command.Parameters.Add(new() { Value = c.Id });
            var state = await command.ExecuteScalarAsync(ct) as byte[] ?? [];
            if (!Verifies(keys, c.Mac, session.TenantId, tail.Scope, c.Sequence, c.Count, c.Through, state))
            {
                if (logger is not null) LogRefused(logger, tail.Scope, c.Count, session.TenantId);
                return await Full(session, keys, opd, year, until, ct);
            }

            start = EventSealing.Serializer(session.DocumentStore).FromJson<OpdYear>(new MemoryStream(state, writable: false));
        }

        return new PlanReplay(tail.Events.Events.Aggregate(start, OpdYear.Step), tail.Events.Rejected, tail.Checkpoint?.Sequence ?? 0);
    }

    /// <summary>Every verified plan event of the OPD-year up to the instant, from the first.</summary>
    public static async Task<PlanReplay> Full(IQuerySession session, IntegrityKeys keys, string opd, int year, DateTimeOffset until,
        CancellationToken ct)
    {
        var replayed = await OpdYearReplay.PlanEvents(session, keys, opd, year, until, ct);
        return new PlanReplay(OpdYearReplay.Fold(replayed.Events), replayed.Rejected, 0);
    }

    /// <summary>
    /// Whether a finding concerns an event the checkpoint a replay started from folded (or has no place): found tampered
    /// since the checkpoint was written, so the answer must be the replay that leaves it out, as without checkpoints.
    /// </summary>
    public static bool Covers(long fromSequence, IntegrityNotice notice) =>
        fromSequence > 0 && notice.Findings.Any(f => f.Sequence is not { } s || s <= fromSequence);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Plan checkpoint {Scope}@{Count} of tenant {Tenant} does not verify: ignored, every plan event replayed")]
    private static partial void LogRefused(ILogger logger, string scope, long count, string tenant);
}
