using Marten;
using Sakip.Api.Integrity;

namespace Sakip.Api.Indicators;

public static partial class IndicatorCheckpoints
{
    /// <summary>
    /// A tenant's checkpoints again, from its authenticated events (queued on the rebuild's session, after the deletion of
    /// the old ones): every indicator stream folded by <see cref="Indicator.Step"/>, a checkpoint at every multiple of
    /// <see cref="Every"/>. A stream with an event that fails verification gets none: its as-of reads replay it whole,
    /// so they report what they leave out.
    /// </summary>
    public static async Task<int> Rebuild(IDocumentSession session, IntegrityKeys keys, string tenant, CancellationToken ct)
    {
        var table = Table(session.DocumentStore);
        session.QueueSqlCommand($"delete from {table} where tenant_id = ?", tenant);
        var serializer = EventSealing.Serializer(session.DocumentStore);
        var folds = new Dictionary<string, (Indicator? State, DateTimeOffset Through, List<IndicatorCheckpoint> Checkpoints)>(StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in StoredEvents.Range(Tenants.TenantDatabases.DataSourceOf(session), tenant, 0, null, ct))
        {
            if (row.IsFiller || !row.Stream.StartsWith("ind:", StringComparison.Ordinal) || rejected.Contains(row.Stream)) continue;
            if (row.Problem(keys, tenant) is not null)
            {
                rejected.Add(row.Stream);
                folds.Remove(row.Stream);
                continue;
            }

            var (state, through, checkpoints) = folds.GetValueOrDefault(row.Stream, (null, DateTimeOffset.MinValue, []));
            state = Indicator.Step(state, StoredEvents.ToEvent(session, row));
            if (row.Timestamp > through) through = row.Timestamp;
            if (state is not null && row.Version % Every == 0)
                checkpoints.Add(new IndicatorCheckpoint
                {
                    Id = Id(row.Stream, row.Version), Stream = row.Stream, Version = row.Version, RecordedThrough = through,
                    Mac = Mac(keys.Current, tenant, row.Stream, row.Version, through, JsonbText.Of(serializer.ToJson(state))),
                    State = state with { }, // Step may hand the same instance on, with its version moved
                });
            folds[row.Stream] = (state, through, checkpoints);
        }

        var all = folds.Values.SelectMany(f => f.Checkpoints).ToList();
        foreach (var checkpoint in all) session.Store(checkpoint);
        return all.Count;
    }
}
