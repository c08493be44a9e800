using Marten;

namespace Sakip.Api.OpdYears;

/// <summary>How far an async read model has caught up with the committed events.</summary>
public sealed record Freshness(long IncludesSequence, long LatestSequence)
{
    public bool IsCurrent => IncludesSequence >= LatestSequence;

    private const string ProjectedSql =
        $"select coalesce(max(last_seq_id), 0) from {Infrastructure.EventStore.Schema}.mt_event_progression where name = ?";

    private const string LatestSql = $"select coalesce(max(seq_id), 0) from {Infrastructure.EventStore.Schema}.mt_events";

    public static async Task<Freshness> Of(IQuerySession session, string projection, CancellationToken ct)
    {
        var projected = await session.QueryAsync<long>(ProjectedSql, ct, projection + ":All");
        var latest = await session.QueryAsync<long>(LatestSql, ct);
        return new Freshness(projected.Single(), latest.Single());
    }

    /// <summary>Both figures as one row in a batch another read executes: the answer once the batch has run.</summary>
    public static Func<Task<Freshness>> Enlist(Marten.Services.BatchQuerying.IBatchedQuery batch, string projection)
    {
        var row = batch.Query<Freshness>(
            $"select json_build_object('includesSequence', ({ProjectedSql}), 'latestSequence', ({LatestSql}))",
            projection + ":All");
        return async () => (await row).Single();
    }

    /// <summary>
    /// Waits until the projection includes every event committed before the call (read-your-writes for a client
    /// that just wrote), or the timeout passes; the answer then says how fresh it is.
    /// </summary>
    public static async Task<Freshness> WaitUntilCurrent(IQuerySession session, string projection, TimeSpan timeout,
        CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var freshness = await Of(session, projection, ct);
        var target = freshness.LatestSequence;
        while (freshness.IncludesSequence < target && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(25, ct);
            freshness = await Of(session, projection, ct) with { LatestSequence = target };
        }

        return freshness;
    }
}
