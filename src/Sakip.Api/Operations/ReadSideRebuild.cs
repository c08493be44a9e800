using System.Reflection;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Wolverine.Http;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Sakip.Api.Operations;

public sealed record RebuildReport(int Snapshots, IReadOnlyList<string> Projections, IReadOnlyList<string> OnOtherNodes);

/// <summary>
/// Rebuilds the read side from the authenticated events, in every database: the inline snapshots (each stream's
/// authenticated events folded by Marten's own aggregation, quarantined events left out), then every async projection
/// shard this node runs (Marten's rebuild: the projection's declared teardown, then every event again). Shards running
/// on other nodes are named in the answer: call the same endpoint there. Writes may go on, but a write to a stream
/// while its snapshot is rebuilt can be lost from the snapshot (verification then reports it): run it when quiet.
/// </summary>
public static partial class ReadSideRebuild
{
    /// <summary>
    /// Rebuilds the read side of every database, or with <c>tenant</c> of the database that tenant lives in (its own
    /// in database-per-tenant mode; the shared one, for every tenant, otherwise). Needs the <c>system</c> role.
    /// </summary>
    [WolverinePost("/system/read-side/rebuild", Name = "RebuildReadSide")]
    [Tags("Operations")]
    public static async Task<IResult> Post(string? tenant, ClaimsPrincipal principal, IWolverineRuntime runtime, IDocumentStore store,
        IntegrityKeys keys, Tenants.TenantDatabases databases, ILogger<RebuildReport> logger, CancellationToken ct)
    {
        if (SakipUser.From(principal)?.Role != Roles.System)
            return Results.Problem(Problems.Forbidden("Rebuilding the read side needs a token with the 'system' role."));
        if (tenant is not null && !Tenants.TenantDatabases.ValidId(tenant))
            return Results.Problem(Problems.Validation(new Problems.FieldError("tenant", "is not a tenant id.")));
        var report = await Run(runtime, store, keys, databases, tenant, ct);
        LogRebuilt(logger, report.Snapshots, string.Join(", ", report.Projections), report.OnOtherNodes.Count);
        return Results.Ok(report);
    }

    public static async Task<RebuildReport> Run(IWolverineRuntime runtime, IDocumentStore store, IntegrityKeys keys,
        Tenants.TenantDatabases databases, string? only, CancellationToken ct)
    {
        var targets = new List<Marten.Storage.IMartenDatabase>();
        if (only is null) targets.AddRange(await store.Storage.AllDatabases());
        else targets.Add(await store.Storage.FindOrCreateDatabase(only));
        var snapshots = 0;
        foreach (var database in targets.OfType<Weasel.Postgresql.PostgresqlDatabase>())
        {
            await using var tenants = database.DataSource.CreateCommand($"select distinct tenant_id from {EventStore.Schema}.mt_streams");
            var tenantIds = new List<string>();
            await using (var reader = await tenants.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) tenantIds.Add(reader.GetString(0));
            foreach (var tenant in tenantIds.Where(t => only is null || !databases.PerTenant || t == only))
                snapshots += await Snapshots(store, keys, tenant, ct);
        }

        var ids = targets.Select(d => d.Id).ToHashSet();
        var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(ct);
        var me = nodes.Single(n => n.NodeId == runtime.Options.UniqueNodeId);
        bool Ours(Uri shard) => ProjectionShards.IsShard(shard) && shard.Segments.Length >= 3 &&
                                JasperFx.Descriptors.DatabaseId.TryParse(shard.Segments[2].Trim('/'), out var id) && ids.Contains(id);
        var rebuilt = new List<string>();
        foreach (var uri in me.ActiveAgents.Where(Ours).OrderBy(u => u.ToString()))
        {
            if (!runtime.Agents.TryFindActiveAgent<IEventSubscriptionAgent>(uri, out var agent)) continue;
            await agent.RebuildAsync(ct);
            rebuilt.Add(uri.ToString());
        }

        var elsewhere = nodes.Where(n => n.NodeId != me.NodeId)
            .SelectMany(n => n.ActiveAgents.Where(Ours).Select(a => $"{a} (node {n.AssignedNodeNumber})")).ToList();
        return new RebuildReport(snapshots, rebuilt, elsewhere);
    }

    /// <summary>A tenant's inline snapshots again: each as of the last authenticated write that stored one.</summary>
    private static async Task<int> Snapshots(IDocumentStore store, IntegrityKeys keys, string tenant, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        var data = Tenants.TenantDatabases.DataSourceOf(session);
        var last = new Dictionary<string, (string Kind, long Version)>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await foreach (var row in StoredEvents.Range(data, tenant, 0, null, ct))
        {
            if (row.IsFiller) continue;
            if (row.Problem(keys, tenant) is not null)
            {
                if (!skipped.TryGetValue(row.Stream, out var versions)) skipped[row.Stream] = versions = [];
                versions.Add(row.Version);
            }
            else if (row.SnapshotDigest is { } digest) last[row.Stream] = (digest[..digest.IndexOf(':')], row.Version);
        }

        var types = EventSealing.SnapshotTypes(store).ToDictionary(EventSealing.SnapshotKind);
        foreach (var type in types.Values)
            session.QueueSqlCommand($"delete from {store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName} where tenant_id = ?", tenant);
        foreach (var (stream, (kind, version)) in last)
        {
            if (!types.TryGetValue(kind, out var type)) continue;
            var skip = skipped.GetValueOrDefault(stream)?.Where(v => v <= version).Order().ToList() ?? [];
            await (Task)FoldMethod.MakeGenericMethod(type).Invoke(null, [session, stream, version, skip, ct])!;
        }

        await Indicators.IndicatorCheckpoints.Rebuild(session, keys, tenant, ct);
        await session.SaveChangesAsync(ct);
        return last.Count;
    }

    private static readonly MethodInfo FoldMethod = typeof(ReadSideRebuild).GetMethod(nameof(Fold), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Marten's aggregation of the stream up to <paramref name="version"/>, around the versions to skip.</summary>
    private static async Task Fold<T>(IDocumentSession session, string stream, long version, List<long> skip, CancellationToken ct)
        where T : class
    {
        T? state = null;
        var from = 1L;
        foreach (var bad in skip.Append(version + 1))
        {
            if (bad > from)
                state = await session.Events.AggregateStreamAsync(stream, bad - 1, null, state, from, ct);
            from = bad + 1;
        }

        if (state is not null) session.Store(state);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read side rebuilt: {Snapshots} snapshots; projections {Projections}; {Elsewhere} shard(s) on other nodes")]
    private static partial void LogRebuilt(ILogger logger, int snapshots, string projections, int elsewhere);
}
