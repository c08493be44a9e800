using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;

using Sakip.Api.Infrastructure;
using Sakip.Api.Integrity;
using JasperFx.Events.Grouping;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Sakip.Api.Domain;

namespace Sakip.Api.OpdYears;

/// <summary>
/// Everything of one OPD-year — the plan and all its indicators — folded from the ordered events of that scope.
/// The projection keeps it for "now"; as-of reads run the same <see cref="Step"/> over the events recorded up to
/// an instant, so both agree by construction.
/// </summary>
public sealed class OpdYear
{
    public string Id { get; set; } = "";
    public string Opd { get; set; } = "";
    public int Year { get; set; }
    public Plan? Plan { get; set; }
    public SortedDictionary<string, Indicator> Indicators { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The last event folded in: how fresh this view is.</summary>
    public long LastSequence { get; set; }

    public DateTimeOffset LastRecordedAt { get; set; }

    /// <summary>How many plan events (<see cref="IsReadByPlan"/>) are folded in: where <see cref="PlanCheckpoints"/> fall.</summary>
    public long PlanEvents { get; set; }

    /// <summary>The latest recorded time among the plan events folded in (as stored: microseconds).</summary>
    public DateTimeOffset PlanRecordedThrough { get; set; }

    /// <summary>The event types about realizations, not the plan: the Rencana Aksi never shows them, so its reads leave them out.</summary>
    public static readonly Type[] RealizationTypes = [typeof(RealizationSubmitted), typeof(RealizationVerified), typeof(RealizationReturned)];

    /// <summary>Whether the plan alone (the Rencana Aksi, its as-of replays and checkpoints) folds the event.</summary>
    public static bool IsReadByPlan(object data) => data is IOpdYearEvent && !RealizationTypes.Contains(data.GetType());

    public static string Key(string opd, int year) => $"{opd}:{year}";

    public static bool IsPlanEvent(object data) => data is IPlanEvent;

    public static OpdYear Step(OpdYear? state, IEvent e)
    {
        if (e.Data is not IOpdYearEvent scoped) return state ?? new OpdYear();
        state ??= new OpdYear { Id = Key(scoped.Opd, scoped.Year), Opd = scoped.Opd, Year = scoped.Year };
        switch (e.Data)
        {
            case var _ when IsPlanEvent(e.Data):
                state.Plan = Plan.Step(state.Plan, e);
                break;
            default:
                var id = IndicatorIdOf(e.Data);
                var next = Indicator.Step(state.Indicators.GetValueOrDefault(id), e);
                if (next is not null) state.Indicators[id] = next;
                break;
        }

        state.LastSequence = Math.Max(state.LastSequence, e.Sequence);
        if (e.RecordedAt() > state.LastRecordedAt) state.LastRecordedAt = e.RecordedAt();
        if (IsReadByPlan(e.Data))
        {
            state.PlanEvents++;
            if (e.RecordedAt() > state.PlanRecordedThrough) state.PlanRecordedThrough = e.RecordedAt();
        }

        return state;
    }

    /// <summary>The indicator an event is about (its stream's subject).</summary>
    public static string IndicatorIdOf(object data) =>
        (data as IIndicatorEvent)?.IndicatorId ??
        throw new InvalidOperationException($"{data.GetType().Name} is not an indicator event.");
}

/// <summary>
/// Async, so concurrent writes to different indicators of one OPD-year never race on this document: the daemon
/// applies events in sequence order. Reads say how fresh they are and can wait for a given write. Only events whose
/// rows verify are folded: the others are swapped for a <see cref="QuarantinedMarker"/> before the fold sees them.
/// </summary>
public sealed partial class OpdYearProjection : MultiStreamProjection<OpdYear, string>
{
    public const string ProjectionName = "opd-year";
    private readonly IntegrityKeys _keys;

    public OpdYearProjection(IntegrityKeys keys)
    {
        _keys = keys;
        Name = ProjectionName;
        Identity<IOpdYearEvent>(e => OpdYear.Key(e.Opd, e.Year));
        // A rebuild starts from nothing: the capaian models are derived from this fold, so they go with it.
        Options.DeleteViewTypeOnTeardown<Capaian.CapaianModel>();
        Options.DeleteViewTypeOnTeardown<PlanCheckpoint>();
    }

    public override async Task EnrichEventsAsync(SliceGroup<OpdYear, string> group, IQuerySession querySession,
        CancellationToken cancellation)
    {
        var slices = group.Slices.ToList();
        var rejected = await StoredEvents.Rejected(Tenants.TenantDatabases.DataSourceOf(querySession), _keys,
            slices.SelectMany(s => s.Events()), cancellation);
        if (rejected.Count == 0) return;
        foreach (var slice in slices)
        foreach (var e in slice.Events().Where(e => rejected.ContainsKey(e.Sequence)).ToList())
            slice.ReplaceEvent(e, new QuarantinedMarker(rejected[e.Sequence]));
    }

    /// <summary>
    /// Folds an OPD-year's events of a batch (leaving out the quarantined ones) and stores, beside it and in the same
    /// transaction, its capaian model derived from the fold just computed: the reports read a few hundred bytes per
    /// indicator instead of this document. Here rather than in a side effect because Marten suppresses side effects
    /// while rebuilding, and a rebuild must rebuild the capaian models too.
    /// </summary>
    public override ValueTask<(OpdYear?, ActionType)> DetermineActionAsync(IQuerySession session, OpdYear? snapshot,
        string identity, IIdentitySetter<OpdYear, string> identitySetter, IReadOnlyList<IEvent> events,
        CancellationToken cancellation)
    {
        if (session is not IDocumentOperations operations)
            throw new InvalidOperationException("The OPD-year projection needs its batch's session to store the capaian model.");
        var serializer = EventSealing.Serializer(session.DocumentStore);
        var state = snapshot;
        foreach (var e in events.Where(e => e.Data is not QuarantinedMarker))
        {
            // Named per event, as Marten's own Evolve loop does: the daemon then skips and reports that one event
            // (a poison pill) instead of stopping the projection on the whole batch.
            try { state = OpdYear.Step(state, e); }
            catch (Exception ex) { throw new ApplyEventException(e, ex); }
            if (state is not null && PlanCheckpoints.Due(state, e))
                operations.Store(PlanCheckpoints.Capture(state, e, e.TenantId ?? session.TenantId, _keys, serializer));
        }
        if (state is null) return ValueTask.FromResult<(OpdYear?, ActionType)>((null, ActionType.Nothing));
        operations.Store(Capaian.CapaianModel.From(state));
        return ValueTask.FromResult<(OpdYear?, ActionType)>((state, ActionType.Store));
    }

    public static void Configure(StoreOptions opts, IntegrityKeys keys)
    {
        opts.Projections.Add(new OpdYearProjection(keys), ProjectionLifecycle.Async);
        opts.Schema.For<OpdYear>().Index(x => x.Opd).Index(x => x.Year);
        opts.Schema.For<Capaian.CapaianModel>();
        PlanCheckpoints.Configure(opts);
    }
}
