using Marten;
using Npgsql;

namespace Sakip.Api.Integrity;

public sealed record Mismatch(long Sequence, Guid? EventId, string? StreamKey, long? Version, string Reason);

public sealed record IntegrityReport(string Status, long Checked, long Pending, long HeadSequence, Mismatch? FirstMismatch,
    ReceiptCheck? Receipt);

/// <summary>
/// Re-verifies a tenant's chain from its first event: each event's link is recomputed with the service's key from the
/// previous event's link and the bytes PostgreSQL holds now. Finds altered, deleted, inserted and reordered events,
/// and links rewritten without the key.
/// </summary>
public static class IntegrityVerifier
{
    public static async Task<IntegrityReport> Verify(IQuerySession session, NpgsqlDataSource dataSource, IntegrityKeys keys,
        string tenant, Func<CanonicalEvent, bool>? inScope, Checkpoint? receipt, CancellationToken ct)
    {
        var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
        var links = (await session.Query<IntegrityLink>().OrderBy(l => l.Sequence).ToListAsync(ct)).ToDictionary(l => l.Sequence);
        var seen = new HashSet<long>();
        string? previous = null;
        long checkedCount = 0, pending = 0;
        Mismatch? first = null;
        string? linkAtReceipt = null;
        await foreach (var e in CanonicalEvents.Read(dataSource, tenant, 0, null, ct))
        {
            seen.Add(e.Sequence);
            var counted = inScope?.Invoke(e) ?? true;
            if (!links.TryGetValue(e.Sequence, out var stored))
            {
                if (e.Sequence > head.Sequence) { if (counted) pending++; continue; }
                first ??= new(e.Sequence, e.Id, e.StreamKey, e.Version, "This event has no link: it was inserted outside the application.");
                continue;
            }

            if (counted) checkedCount++;
            if (stored.Previous != previous)
                first ??= new(e.Sequence, e.Id, e.StreamKey, e.Version,
                    "The chain is broken before this event: an earlier event was deleted or moved.");
            else if (CanonicalEvents.Link(keys.HmacKey, previous, e.Bytes) != stored.Link)
                first ??= new(e.Sequence, e.Id, e.StreamKey, e.Version,
                    "The event does not match its link: its content, metadata, time or position was changed, or its link was rewritten.");
            previous = stored.Link;
            if (receipt is not null && e.Sequence == receipt.Sequence) linkAtReceipt = stored.Link;
        }

        var deleted = links.Keys.Where(s => s <= head.Sequence && !seen.Contains(s)).Order().FirstOrDefault();
        if (deleted > 0 && (first is null || deleted < first.Sequence))
            first = new(deleted, links[deleted].EventId, null, null, "The event of this link is gone: it was deleted.");

        var receiptCheck = receipt is null ? null : Checkpoints.Check(receipt, keys, linkAtReceipt, tenant);
        var valid = first is null && receiptCheck?.Matches != false;
        return new IntegrityReport(valid ? "valid" : "broken", checkedCount, pending, head.Sequence, first, receiptCheck);
    }
}
