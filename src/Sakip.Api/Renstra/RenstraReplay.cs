using JasperFx.Events;
using Marten;
using Sakip.Api.Integrity;

namespace Sakip.Api.Renstra;

/// <summary>A Renstra and its indicators, folded from the events of its streams.</summary>
public sealed record RenstraState(RenstraPlan? Plan, IReadOnlyDictionary<string, RenstraIndicator> Indicators)
{
    public IEnumerable<RenstraIndicator> Ordered() =>
        Indicators.Values.OrderBy(i => i.Level).ThenBy(i => i.Code, NaturalOrder.Instance);

    public RenstraIndicator? ByCode(string code) =>
        Indicators.Values.FirstOrDefault(i => string.Equals(i.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Reads a Renstra by folding its events — the plan stream and every indicator stream, in sequence order — with the
/// functions the inline snapshots run. The live read folds them all, an as-of read those recorded up to an instant:
/// both answers come from one function, so an as-of read is what the live read answered then. Only events whose rows
/// verify are folded (an event written into the database without the service's key is quarantined, never read).
/// </summary>
public static class RenstraReplay
{
    public static async Task<IReadOnlyList<IEvent>> Events(IQuerySession session, IntegrityKeys integrity, string opd,
        int startYear, int endYear, DateTimeOffset? until, CancellationToken ct)
    {
        // An indicator never leaves its Renstra, so today's documents name every stream it ever had.
        var indicatorKeys = await session.Query<RenstraIndicator>()
            .Where(i => i.Opd == opd && i.StartYear == startYear && i.EndYear == endYear).Select(i => i.Id).ToListAsync(ct);
        var keys = indicatorKeys.Append(RenstraPlan.StreamKey(opd, startYear, endYear)).ToArray();
        return (await StoredEvents.Verify(session, integrity, StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session),
            session.TenantId, keys, until, null, ct), ct)).Events;
    }

    public static RenstraState Fold(IEnumerable<IEvent> events)
    {
        RenstraPlan? plan = null;
        var indicators = new Dictionary<string, RenstraIndicator>();
        foreach (var e in events)
        {
            if (e.StreamKey == plan?.Id || e.Data is RenstraStarted) plan = RenstraPlan.Step(plan, e);
            else if (RenstraIndicator.Step(indicators.GetValueOrDefault(e.StreamKey!), e) is { } next) indicators[e.StreamKey!] = next;
        }

        return new RenstraState(plan, indicators);
    }

    public static async Task<RenstraState> Load(IQuerySession session, IntegrityKeys integrity, string opd, int startYear,
        int endYear, DateTimeOffset? until, CancellationToken ct) => Fold(await Events(session, integrity, opd, startYear, endYear, until, ct));
}
