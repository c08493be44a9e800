using System.Runtime.CompilerServices;
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
/// <remarks>
/// The events and the links are read as two ordered streams on two connections and merged on the sequence, so the
/// verification holds one event and one link in memory at a time, whatever the length of the chain, and PostgreSQL
/// scans both tables at once. Links are read as plain columns, not deserialized as documents.
/// </remarks>
public static class IntegrityVerifier
{
    public static async Task<IntegrityReport> Verify(IQuerySession session, NpgsqlDataSource dataSource, IntegrityKeys keys,
        string tenant, Func<CanonicalEvent, bool>? inScope, Checkpoint? receipt, CancellationToken ct)
    {
        var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
        string? previous = null;
        long checkedCount = 0, pending = 0;
        Mismatch? first = null;
        string? linkAtReceipt = null;

        await using var events = CanonicalEvents.Read(dataSource, tenant, 0, null, ct).GetAsyncEnumerator(ct);
        await using var links = ReadLinks(dataSource, tenant, ct).GetAsyncEnumerator(ct);
        var e = await events.MoveNextAsync() ? events.Current : null;
        var stored = await links.MoveNextAsync() ? links.Current : null;
        while (e is not null || stored is not null)
        {
            if (e is null || (stored is not null && stored.Sequence < e.Sequence))
            {
                // A link whose event is gone.
                if (stored!.Sequence <= head.Sequence)
                    first ??= new(stored.Sequence, stored.EventId, null, null, "The event of this link is gone: it was deleted.");
                stored = await links.MoveNextAsync() ? links.Current : null;
                continue;
            }

            var counted = inScope?.Invoke(e) ?? true;
            if (stored is null || stored.Sequence > e.Sequence)
            {
                // An event without a link: not linked yet, or inserted behind the application.
                if (e.Sequence > head.Sequence)
                {
                    if (counted) pending++;
                }
                else
                {
                    first ??= new(e.Sequence, e.Id, e.StreamKey, e.Version,
                        "This event has no link: it was inserted outside the application.");
                }

                e = await events.MoveNextAsync() ? events.Current : null;
                continue;
            }

            if (counted) checkedCount++;
            if (stored.Previous != previous)
                first ??= new(e.Sequence, e.Id, e.StreamKey, e.Version,
                    "The chain is broken before this event: an earlier event was deleted or moved.");
            else if (first is null && CanonicalEvents.Link(keys.HmacKey, previous, e.Bytes) != stored.Link)
                first = new(e.Sequence, e.Id, e.StreamKey, e.Version,
                    "The event does not match its link: its content, metadata, time or position was changed, or its link was rewritten.");
            previous = stored.Link;
            if (receipt is not null && e.Sequence == receipt.Sequence) linkAtReceipt = stored.Link;
            e = await events.MoveNextAsync() ? events.Current : null;
            stored = await links.MoveNextAsync() ? links.Current : null;
        }

        var receiptCheck = receipt is null ? null : Checkpoints.Check(receipt, keys, linkAtReceipt, tenant);
        var valid = first is null && receiptCheck?.Matches != false;
        return new IntegrityReport(valid ? "valid" : "broken", checkedCount, pending, head.Sequence, first, receiptCheck);
    }

    private sealed record StoredLink(long Sequence, Guid EventId, string? Previous, string Link);

    /// <summary>The tenant's links in sequence order: their ids are the zero-padded sequence, so the primary key orders them.</summary>
    private static async IAsyncEnumerable<StoredLink> ReadLinks(NpgsqlDataSource dataSource, string tenant,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"select (data->>'sequence')::bigint, (data->>'eventId')::uuid, data->>'previous', data->>'link' " +
            $"from {Infrastructure.EventStore.Schema}.mt_doc_integritylink where tenant_id = $1 order by id");
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return new StoredLink(reader.GetInt64(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3));
    }
}
