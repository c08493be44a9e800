using JasperFx.Events;
using Marten;
using Sakip.Api.Indicators;
using Sakip.Api.Integrity;
using Sakip.Api.Plans;

namespace Sakip.Api.OpdYears;

/// <summary>
/// Replays an OPD-year as it stood at an instant: the events of its scope recorded up to then, in sequence order,
/// folded by <see cref="OpdYear.Step"/> — the function the projection runs — so an as-of read answers exactly
/// what the live read answered at that instant. Only events whose rows verify are folded; the rest come back as
/// rejections for the answer to report.
/// </summary>
public static class OpdYearReplay
{
    /// <summary>The scope's events up to <paramref name="until"/> (all when null), in one statement, verified.</summary>
    public static Task<VerifiedEvents> Events(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, CancellationToken ct) => Events(session, keys, opd, year, until, planOnly: false, ct);

    /// <summary>
    /// The scope's events without the realizations (submitted, verified, returned): for a read of the plan alone, like
    /// the Rencana Aksi, which never shows them — most of an OPD-year's events, left in the database.
    /// </summary>
    public static Task<VerifiedEvents> PlanEvents(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, CancellationToken ct) => Events(session, keys, opd, year, until, planOnly: true, ct);

    /// <summary>
    /// The streams of an OPD-year's scope as an SQL array, given the placeholders of the tenant, the opd, the year and the
    /// plan's stream key: its plan and its indicators (inline documents, always current, found by their opd and year
    /// columns; an indicator never leaves its OPD-year). Every read of a scope's events finds its streams by this, inside
    /// its own statement.
    /// </summary>
    public static string ScopeStreams(IDocumentStore store, string tenant, string opd, string year, string plan) =>
        $"array(select d.id from {store.Options.FindOrResolveDocumentType(typeof(Indicator)).TableName.QualifiedName} d " +
        $"where d.tenant_id = {tenant} and d.opd = {opd} and d.year = {year}) || {plan}::varchar";

    /// <summary>
    /// Only the plan events (every type but <see cref="OpdYear.RealizationTypes"/>) of <c>mt_events</c> aliased
    /// <paramref name="alias"/>: the predicate of <see cref="PlanEventsIndex"/>, as constants, so a plan-only read seeks
    /// through that index and never visits a realization.
    /// </summary>
    public static string PlanEventsOnly(IDocumentStore store, string alias = "e") =>
        PlanEventsIndex.PlanEventsOnly((Marten.Events.EventGraph)store.Options.Events, alias);

    private static Task<VerifiedEvents> Events(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, bool planOnly, CancellationToken ct)
    {
        var store = session.DocumentStore;
        var where = $"e.tenant_id = $1 and e.stream_id = any({ScopeStreams(store, "$1", "$2", "$3", "$4")}) and e.timestamp <= $5 " +
                    (planOnly ? $"and {PlanEventsOnly(store)} " : "") + "order by e.seq_id";
        return StoredEvents.Verify(session, keys, StoredEvents.Where(Tenants.TenantDatabases.DataSourceOf(session), where,
            [session.TenantId, opd, year, Plan.StreamKey(opd, year), until ?? DateTimeOffset.MaxValue], ct), ct);
    }

    public static OpdYear? Fold(IEnumerable<IEvent> events) =>
        events.Aggregate((OpdYear?)null, (state, e) => OpdYear.Step(state, e));
}
