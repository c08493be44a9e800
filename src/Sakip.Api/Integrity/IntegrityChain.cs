using System.Globalization;
using System.Security.Cryptography;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Integrity;

/// <summary>The link of one authenticated event: HMAC over the previous link and the event's place and authenticator.</summary>
public sealed record IntegrityLink(string Id, long Sequence, Guid EventId, string Stream, long Version, string KeyId,
    string? Previous, string Link)
{
    public static string Key(long sequence) => $"link:{sequence:D19}";
}

/// <summary>The last linked event of a tenant: authenticated events after it are pending, never valid.</summary>
public sealed record IntegrityHead(string Id, long Sequence, string? Link)
{
    public const string Key = "integrity:head";
}

/// <summary>
/// Links every authenticated event of a tenant, in sequence order, to the one before it; an event whose
/// authenticator fails is never linked but quarantined. A dedicated async projection rather than the append
/// transaction: writers never wait on a tenant-wide chain (which would serialize every write); the authenticator,
/// written with the event, already vouches for it in the meantime.
/// </summary>
public sealed class IntegrityChainProjection(IntegrityKeys keys) : IProjection
{
    public const string Name = "integrity-chain";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        // The rows are read back from the database the events are in (the tenant's, in database-per-tenant mode).
        var dataSource = Tenants.TenantDatabases.DataSourceOf(operations);
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var ops = operations.ForTenant(tenant.Key);
            var head = await ops.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
            var through = tenant.Max(e => e.Sequence);
            if (through <= head.Sequence) continue;
            var key = keys.Current;
            var links = new List<(string, IntegrityLink)>();
            await foreach (var row in StoredEvents.Range(dataSource, tenant.Key, head.Sequence, through, ct))
            {
                if (row.IsFiller) continue;
                if (row.Problem(keys, tenant.Key) is { } problem)
                {
                    ops.Store(await Quarantine.Of(dataSource, tenant.Key, row, problem, ct));
                    continue;
                }

                var link = Link(key, head.Link, tenant.Key, row.Sequence, row.Id, row.Stream, row.Version, row.Mac!);
                var id = IntegrityLink.Key(row.Sequence);
                links.Add((id, new IntegrityLink(id, row.Sequence, row.Id, row.Stream, row.Version, key.Id, head.Link, link)));
                head = head with { Sequence = row.Sequence, Link = link };
            }

            // One statement for the batch's links, not one upsert each (issue 17: the daemon at the speed of the database).
            BulkDocuments.Upsert(ops, tenant.Key, links);
            ops.Store(head);
        }
    }

    /// <summary>link = HMAC-SHA256(key, previous link ‖ tenant, sequence, event id, stream, version, authenticator).</summary>
    public static string Link(IntegrityKey key, string? previous, string tenant, long sequence, Guid eventId, string stream,
        long version, string mac)
    {
        var message = EventSeal.Frame("sakip-link-v2", previous, tenant, sequence.ToString(CultureInfo.InvariantCulture),
            eventId.ToString("D"), stream, version.ToString(CultureInfo.InvariantCulture), mac);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key.HmacKey, message));
    }

    public static void Configure(StoreOptions opts, IntegrityKeys keys)
    {
        // A rebuild starts from nothing: the links, the head and the quarantine are this projection's alone. Checkpoints
        // are receipts already handed out and stay.
        opts.Projections.Add(new IntegrityChainProjection(keys), ProjectionLifecycle.Async, Name, o =>
        {
            o.DeleteViewTypeOnTeardown<IntegrityLink>();
            o.DeleteViewTypeOnTeardown<IntegrityHead>();
            o.DeleteViewTypeOnTeardown<QuarantinedEvent>();
            // Each batch is a few statements whatever its size (one range read, one bulk write): fewer, larger batches.
            o.BatchSize = 2_000;
        });
        opts.Schema.For<IntegrityLink>().Index(x => x.Sequence);
        opts.Schema.For<IntegrityHead>();
        opts.Schema.For<QuarantinedEvent>().Index(x => x.Sequence);
        opts.Schema.For<Checkpoint>().Index(x => x.IssuedAt);
    }
}
