using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>The link of one event: HMAC over the previous link and the event's canonical bytes.</summary>
public sealed record IntegrityLink(string Id, long Sequence, Guid EventId, string? Previous, string Link)
{
    public static string Key(long sequence) => $"link:{sequence:D19}";
}

/// <summary>The last linked event of a tenant: events after it are pending, never valid.</summary>
public sealed record IntegrityHead(string Id, long Sequence, string? Link)
{
    public const string Key = "integrity:head";
}

/// <summary>
/// Links every event of a tenant, in sequence order, to the one before it. A dedicated async projection rather
/// than the append transaction: writers never wait on a tenant-wide chain (which would serialize every write),
/// at the price of a short window in which new events are reported as pending.
/// </summary>
public sealed class IntegrityChainProjection(IntegrityKeys keys) : IProjection
{
    public const string Name = "integrity-chain";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        // The bytes are read back from the database the events are in (the tenant's, in database-per-tenant mode).
        var dataSource = Tenants.TenantDatabases.DataSourceOf(operations);
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var ops = operations.ForTenant(tenant.Key);
            var head = await ops.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
            var through = tenant.Max(e => e.Sequence);
            if (through <= head.Sequence) continue;
            await foreach (var e in CanonicalEvents.Read(dataSource, tenant.Key, head.Sequence, through, ct))
            {
                var link = CanonicalEvents.Link(keys.HmacKey, head.Link, e.Bytes);
                ops.Store(new IntegrityLink(IntegrityLink.Key(e.Sequence), e.Sequence, e.Id, head.Link, link));
                head = head with { Sequence = e.Sequence, Link = link };
            }

            ops.Store(head);
        }
    }

    public static void Configure(StoreOptions opts, IntegrityKeys keys)
    {
        opts.Projections.Add(new IntegrityChainProjection(keys), ProjectionLifecycle.Async, Name);
        opts.Schema.For<IntegrityLink>().Index(x => x.Sequence);
        opts.Schema.For<IntegrityHead>();
        opts.Schema.For<Checkpoint>().Index(x => x.IssuedAt);
    }
}
