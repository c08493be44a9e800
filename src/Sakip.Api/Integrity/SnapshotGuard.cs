using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>A write refused because the record it builds on failed verification.</summary>
public sealed class RecordFailedVerificationException(string stream, string reason)
    : InvalidOperationException($"The record of {stream} failed verification: {reason}")
{
    public string Stream { get; } = stream;
    public string Reason { get; } = reason;
}

/// <summary>
/// A write decides on the inline snapshots it loaded (a plan's status decides whether a change needs a legal basis,
/// the tenant's scales how a value is read) and stores snapshots folded from them. Before the commit, each such
/// snapshot row must still be the one its stream's last event vouches for (that event's own authenticator verifying),
/// else a snapshot edited by hand would steer the decision and then be sealed anew by the write. One read for all the
/// snapshots of a save.
/// </summary>
public static class SnapshotGuard
{
    public static async Task Check(IDocumentSession session, IntegrityKeys keys, IReadOnlyCollection<(string Stream, Type Snapshot)> snapshots,
        CancellationToken ct)
    {
        if (snapshots.Count == 0) return;
        var tenant = session.TenantId;
        var parts = new List<string>();
        var parameters = new List<object> { tenant };
        foreach (var group in snapshots.GroupBy(s => s.Snapshot))
        {
            var table = session.DocumentStore.Options.FindOrResolveDocumentType(group.Key).TableName.QualifiedName;
            parameters.Add(group.Select(s => s.Stream).Distinct().ToArray());
            parts.Add($"""
                select {StoredEvents.Columns}, d.data::text, '{EventSealing.SnapshotKind(group.Key)}'
                from unnest(${parameters.Count}::text[]) as w(stream)
                join lateral (select * from {Infrastructure.EventStore.Schema}.mt_events x
                              where x.tenant_id = $1 and x.stream_id = w.stream order by x.version desc limit 1) e on true
                left join {table} d on d.tenant_id = $1 and d.id = w.stream
                """);
        }

        await using var command = Tenants.TenantDatabases.DataSourceOf(session).CreateCommand(string.Join(" union all ", parts));
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = StoredEvents.Row(reader);
            if (row.Problem(keys, tenant) is { } problem)
                throw new RecordFailedVerificationException(row.Stream, $"its last event (version {row.Version}) does not verify. {problem}");
            var stored = reader.IsDBNull(14) ? null : reader.GetString(14);
            var digest = stored is null
                ? null
                : reader.GetString(15) + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stored)));
            // A stream written before snapshots were vouched for (or bulk loaded) carries no digest to hold it to.
            if (row.SnapshotDigest is not null && digest != row.SnapshotDigest)
                throw new RecordFailedVerificationException(row.Stream,
                    $"its snapshot is not the one stored with version {row.Version}: it was changed or deleted outside the service.");
        }
    }
}

/// <summary>The inline snapshots a write's session loaded: what its decision was based on.</summary>
public sealed class LoadedSnapshots(HashSet<Type> snapshotTypes) : DocumentSessionListenerBase
{
    private readonly Dictionary<string, Type> _loaded = new(StringComparer.Ordinal);

    public IEnumerable<(string Stream, Type Snapshot)> Loaded
    {
        get
        {
            lock (_loaded) return _loaded.Select(l => (l.Key, l.Value)).ToList();
        }
    }

    public override void DocumentLoaded(object id, object document)
    {
        if (id is string key && snapshotTypes.Contains(document.GetType()))
            lock (_loaded) _loaded[key] = document.GetType();
    }
}
