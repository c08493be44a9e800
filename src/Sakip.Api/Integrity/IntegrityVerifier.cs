using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Sakip.Api.Integrity;

public sealed record Mismatch(string Kind, long? Sequence, Guid? EventId, string? StreamKey, long? Version, string Reason);

public sealed record IntegrityReport(string Status, long Checked, long Pending, long Quarantined, long HeadSequence,
    Mismatch? FirstMismatch, int FindingCount, IReadOnlyList<IntegrityFinding> Findings, ReceiptCheck? Receipt);

/// <summary>The last verification of a tenant's record, kept for reports, the health check and the quarantine list.</summary>
public sealed record IntegrityFindings(string Id, DateTimeOffset VerifiedAt, string Status, IReadOnlyList<IntegrityFinding> Findings,
    int FindingCount)
{
    public const string Key = "integrity:findings";
}

/// <summary>
/// Re-verifies a tenant's record from its first event, from the rows alone: every event's authenticator, the versions
/// of every stream (no gap, no reordering, the stream's own version), every inline snapshot against the digest its
/// write stored, and the chain of links (every authenticated event linked, in order, by the key it names); and, given
/// a receipt, that the history up to it is the one it was issued for.
/// </summary>
/// <remarks>
/// The events and the links are read as two ordered streams on two connections and merged on the sequence: one event
/// and one link in memory at a time, plus a few numbers per stream.
/// </remarks>
public static partial class IntegrityVerifier
{
    public const int KeptFindings = 200;

    private sealed class StreamState
    {
        public long LastVersion;
        public long AuthenticVersion;
        public long DigestVersion;
        public long DigestSequence;
        public string? Digest;
        public long FirstSequence;
        public long RejectedVersion;
        public long RejectedSequence;
    }

    public static async Task<IntegrityReport> Verify(IQuerySession session, NpgsqlDataSource dataSource, IntegrityKeys keys,
        string tenant, Func<StoredEvent, bool>? inScope, Checkpoint? receipt, CancellationToken ct)
    {
        var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
        var findings = new List<IntegrityFinding>();
        var streams = new Dictionary<string, StreamState>(StringComparer.Ordinal);
        long checkedCount = 0, pending = 0, quarantined = 0;
        string? previous = null, lastLinkInHead = null;
        var receiptKey = receipt is null ? null : keys.Find(receipt.KeyId ?? IntegrityKeys.LegacyId);
        string? receiptLink = null;
        long reachedForReceipt = 0;

        void Add(string kind, long? sequence, Guid? id, string? stream, long? version, string? type, string reason) =>
            findings.Add(new IntegrityFinding(kind, sequence, id, stream, version, type, reason, []));

        // Each link's authenticator depends only on what the link stores as its predecessor (compared above it, in order)
        // and on its event: checked a batch at a time on every core, not one by one on the merge's thread. A mismatch is
        // reported after the event's other findings, as when it was checked in place (findings are sorted at the end).
        var linkChecks = new List<(IntegrityKey Key, string? Previous, StoredEvent Event, string Link)>(CheckedBatch);
        void CheckLinks()
        {
            var mismatched = new bool[linkChecks.Count];
            Parallel.For(0, linkChecks.Count, i =>
            {
                var (key, before, linked, stored) = linkChecks[i];
                mismatched[i] = !Equal(IntegrityChainProjection.Link(key, before, tenant, linked.Sequence, linked.Id, linked.Stream,
                    linked.Version, linked.Mac ?? ""), stored);
            });
            for (var i = 0; i < linkChecks.Count; i++)
            {
                if (!mismatched[i]) continue;
                var x = linkChecks[i].Event;
                Add("chain", x.Sequence, x.Id, x.Stream, x.Version, x.Type,
                    "The event does not match its link: its place or authenticator was changed, or its link was rewritten.");
            }
            linkChecks.Clear();
        }

        await using var events = Authenticated(StoredEvents.Range(dataSource, tenant, 0, null, ct), keys, tenant, ct).GetAsyncEnumerator(ct);
        await using var links = ReadLinks(dataSource, tenant, ct).GetAsyncEnumerator(ct);
        var (e, problem) = await events.MoveNextAsync() ? events.Current : (null, null);
        var link = await links.MoveNextAsync() ? links.Current : null;
        while (e is not null || link is not null)
        {
            if (e is null || (link is not null && link.Sequence < e.Sequence))
            {
                Add("deleted", link!.Sequence, link.EventId, link.Stream, link.Version, null,
                    $"The event at sequence {link.Sequence} (version {link.Version} of {link.Stream}) is gone: it was deleted; its link remains.");
                previous = link.Link;
                if (link.Sequence <= head.Sequence) lastLinkInHead = link.Link;
                link = await links.MoveNextAsync() ? links.Current : null;
                continue;
            }

            if (e.IsFiller)
            {
                (e, problem) = await events.MoveNextAsync() ? events.Current : (null, null);
                continue;
            }

            if (!streams.TryGetValue(e.Stream, out var stream))
                streams[e.Stream] = stream = new StreamState { FirstSequence = e.Sequence };
            if (e.Version > stream.LastVersion + 1)
                Add("version-gap", e.Sequence, e.Id, e.Stream, e.Version, e.Type, stream.LastVersion + 1 == e.Version - 1
                    ? $"Version {e.Version - 1} of {e.Stream} is missing before this event: it was deleted."
                    : $"Versions {stream.LastVersion + 1} to {e.Version - 1} of {e.Stream} are missing before this event: they were deleted.");
            else if (e.Version <= stream.LastVersion)
                Add("version-order", e.Sequence, e.Id, e.Stream, e.Version, e.Type,
                    $"Version {e.Version} of {e.Stream} comes after version {stream.LastVersion}: events were reordered or a version repeated.");
            stream.LastVersion = Math.Max(stream.LastVersion, e.Version);

            if (problem is not null)
            {
                quarantined++;
                if (stream.RejectedSequence == 0) (stream.RejectedVersion, stream.RejectedSequence) = (e.Version, e.Sequence);
                Add(Quarantine.Unauthenticated, e.Sequence, e.Id, e.Stream, e.Version, e.Type, problem);
            }
            else
            {
                stream.AuthenticVersion = e.Version;
                if (e.SnapshotDigest is not null)
                    (stream.Digest, stream.DigestVersion, stream.DigestSequence, stream.RejectedSequence) = (e.SnapshotDigest, e.Version, e.Sequence, 0);
                if (receipt is not null && e.Sequence <= receipt.Sequence)
                {
                    reachedForReceipt = e.Sequence;
                    if (receiptKey is not null)
                        receiptLink = IntegrityChainProjection.Link(receiptKey, receiptLink, tenant, e.Sequence, e.Id, e.Stream, e.Version, e.Mac!);
                }
            }

            var counted = inScope?.Invoke(e) ?? true;
            if (link is not null && link.Sequence == e.Sequence)
            {
                if (link.Previous != previous)
                    Add("chain", e.Sequence, e.Id, e.Stream, e.Version, e.Type,
                        "The chain is broken before this event: an earlier event or link was deleted or moved.");
                else if (link.EventId != e.Id)
                    Add("chain", e.Sequence, e.Id, e.Stream, e.Version, e.Type,
                        $"Another event ({link.EventId}) was linked at this sequence: events were moved or swapped.");
                else if (keys.Find(link.KeyId) is not { } key)
                    Add("chain", e.Sequence, e.Id, e.Stream, e.Version, e.Type,
                        $"The link names key '{link.KeyId}', which this service does not hold.");
                else
                {
                    linkChecks.Add((key, previous, e, link.Link));
                    if (linkChecks.Count == CheckedBatch) CheckLinks();
                }
                if (problem is null && counted) checkedCount++;
                previous = link.Link;
                if (link.Sequence <= head.Sequence) lastLinkInHead = link.Link;
                link = await links.MoveNextAsync() ? links.Current : null;
            }
            else if (problem is null)
            {
                if (e.Sequence > head.Sequence)
                {
                    if (counted) pending++;
                }
                else
                {
                    Add("unlinked", e.Sequence, e.Id, e.Stream, e.Version, e.Type,
                        "The chain passed this event without linking it, or its link was deleted.");
                }
            }

            (e, problem) = await events.MoveNextAsync() ? events.Current : (null, null);
        }

        CheckLinks();
        if (head.Link != lastLinkInHead)
            Add("chain", head.Sequence, null, null, null, null,
                $"The chain's head (sequence {head.Sequence}) no longer matches its last link: links at its end were deleted or rewritten.");

        await CheckStreams(dataSource, tenant, streams, Add, ct);
        await CheckSnapshots(session, dataSource, tenant, streams, Add, ct);

        ReceiptCheck? receiptCheck = null;
        if (receipt is not null)
        {
            receiptCheck = Checkpoints.Check(receipt, keys, tenant, reachedForReceipt == receipt.Sequence ? receiptLink : null);
            if (receiptCheck is { SignatureValid: true, Matches: false })
                Add("receipt", reachedForReceipt < receipt.Sequence ? reachedForReceipt + 1 : receipt.Sequence, null, null, null, null,
                    reachedForReceipt < receipt.Sequence
                        ? $"The record no longer reaches the receipt's sequence {receipt.Sequence}: the events after sequence {reachedForReceipt} up to it were deleted or changed."
                        : receiptCheck.Detail);
        }

        // At one sequence, the event's own finding first; what follows from it after.
        var ordered = findings.OrderBy(f => f.Sequence ?? long.MaxValue).ThenBy(f => f.Kind == Quarantine.Unauthenticated ? 0 : 1).ToList();
        var kept = new List<IntegrityFinding>();
        foreach (var finding in ordered.Take(KeptFindings))
            kept.Add(finding with { Scopes = await Quarantine.Scopes(dataSource, tenant, finding.Stream ?? "", null, ct) });
        var first = ordered.FirstOrDefault() is { } f
            ? new Mismatch(f.Kind, f.Sequence, f.EventId, f.Stream, f.Version, f.Reason)
            : null;
        var valid = ordered.Count == 0 && receiptCheck?.SignatureValid != false;
        return new IntegrityReport(valid ? "valid" : "broken", checkedCount, pending, quarantined, head.Sequence, first,
            ordered.Count, kept, receiptCheck);
    }

    /// <summary>Keeps the result for reports, the health check and the quarantine list.</summary>
    public static async Task Record(IDocumentStore store, string tenant, IntegrityReport report, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        session.Store(new IntegrityFindings(IntegrityFindings.Key, DateTimeOffset.UtcNow, report.Status, report.Findings,
            report.FindingCount));
        await session.SaveChangesAsync(ct);
    }

    private const int CheckedBatch = 1_024;

    /// <summary>
    /// The events in their order, each with what its authenticator says (null: authentic), the authenticators checked
    /// a batch ahead on every core while the merge above walks the batch before: one HMAC per event is most of the cost
    /// of a verification. At most four batches wait, so memory stays bounded.
    /// </summary>
    private static async IAsyncEnumerable<(StoredEvent? Event, string? Problem)> Authenticated(IAsyncEnumerable<StoredEvent> events,
        IntegrityKeys keys, string tenant, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var batches = System.Threading.Channels.Channel.CreateBounded<(StoredEvent?, string?)[]>(4);
        var reader = Task.Run(async () =>
        {
            try
            {
                var batch = new List<StoredEvent>(CheckedBatch);
                await foreach (var e in events.WithCancellation(stop.Token))
                {
                    batch.Add(e);
                    if (batch.Count < CheckedBatch) continue;
                    await batches.Writer.WriteAsync(Check(batch), stop.Token);
                    batch = new List<StoredEvent>(CheckedBatch);
                }

                if (batch.Count > 0) await batches.Writer.WriteAsync(Check(batch), stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, stop.Token);

        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            foreach (var item in batch)
                yield return item;
        }
        finally
        {
            await stop.CancelAsync();
            try { await reader; } catch (OperationCanceledException) { }
        }

        (StoredEvent?, string?)[] Check(List<StoredEvent> batch)
        {
            var checkedBatch = new (StoredEvent?, string?)[batch.Count];
            Parallel.For(0, batch.Count, i => checkedBatch[i] = (batch[i], batch[i].IsFiller ? null : batch[i].Problem(keys, tenant)));
            return checkedBatch;
        }
    }

    private static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private sealed record StoredLink(long Sequence, Guid EventId, string Stream, long Version, string KeyId, string? Previous, string Link);

    /// <summary>The tenant's links in sequence order: their ids are the zero-padded sequence, so the primary key orders them.</summary>
    private static async IAsyncEnumerable<StoredLink> ReadLinks(NpgsqlDataSource dataSource, string tenant,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "select (data->>'sequence')::bigint, (data->>'eventId')::uuid, coalesce(data->>'stream', ''), coalesce((data->>'version')::bigint, 0), " +
            "coalesce(data->>'keyId', ''), data->>'previous', data->>'link' " +
            $"from {Infrastructure.EventStore.Schema}.mt_doc_integritylink where tenant_id = $1 order by id");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new StoredLink(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6));
    }
}
