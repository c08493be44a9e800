using System.Collections.Concurrent;
using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Wolverine.Http;

namespace Sakip.Api.Indicators;

/// <summary>An indicator loaded for writing, with the plan whose lifecycle governs it.</summary>
public sealed record IndicatorWrite(IEventStream<Indicator> Stream, Plan? Plan, Scales.TenantScales? Scales)
{
    public Indicator Indicator => Stream.Aggregate!;
    public long NextVersion => (Stream.CurrentVersion ?? 0) + 1;

    /// <summary>Appends the change and returns the state it produces, folded by the same code as the snapshot.</summary>
    public Indicator Append<T>(T change) where T : notnull => PendingEvent.Append(Stream, change, Indicator.Step);

    /// <summary>Appends the change and answers the indicator it leaves, under the version the change gets.</summary>
    public IndicatorView Answer<T>(T change, IReadOnlyList<Warning>? warnings = null) where T : notnull
    {
        var version = NextVersion;
        return IndicatorView.From(Append(change), version, warnings);
    }
}

/// <summary>An event about to be appended, wrapped so the fold can run over it before the commit.</summary>
public static class PendingEvent
{
    // Marten stamps the real recorded time at commit; a write's response shows the time the request decided.
    public static IEvent Of<T>(T data, long version) where T : notnull =>
        new Event<T>(data) { Version = version, Timestamp = DateTimeOffset.UtcNow };

    /// <summary>Appends the change and returns the state it produces, folded by the same code as the snapshot.</summary>
    public static TState Append<TState, T>(IEventStream<TState> stream, T change, Func<TState?, IEvent, TState?> step)
        where TState : class where T : notnull
    {
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(change);
        return step(stream.Aggregate, Of(change, version))!;
    }
}

/// <summary>
/// The checks every change of an indicator goes through, in the order a caller fixes them: it exists (404),
/// the caller may change it (403), the request is well-formed (400), the plan's lifecycle allows it (422),
/// and it is based on the current version (409).
/// </summary>
public static class IndicatorWrites
{
    // An indicator never moves to another OPD or year, so the key of the plan that governs it is known after its first
    // write on this node: later writes load stream, plan and scales in one round trip instead of three. Bounded; a wrong
    // or stale entry (another store in the process with the same tenant and id) is caught below and loaded again.
    private static readonly ConcurrentDictionary<(string Tenant, string Id), string> PlanKeys = new();
    private const int PlanKeysKept = 100_000;

    public static async Task<IndicatorWrite> Load(string id, IDocumentSession session, CancellationToken ct)
    {
        if (!PlanKeys.TryGetValue((session.TenantId, id), out var planKey)) return await LoadOneByOne(id, session, ct);
        var batch = session.CreateBatchQuery();
        var fetched = batch.Events.FetchForWriting<Indicator>(Indicator.StreamKey(id));
        var planned = batch.Load<Plan>(planKey);
        var scaled = batch.Load<Scales.TenantScales>(Scales.TenantScales.StreamKey);
        await batch.Execute(ct);
        var stream = await fetched;
        if (stream.Aggregate is not { } indicator || Plan.StreamKey(indicator.Opd, indicator.Year) != planKey)
        {
            PlanKeys.TryRemove((session.TenantId, id), out _);
            return await LoadOneByOne(id, session, ct);
        }

        var plan = await planned;
        var scales = await scaled;
        // The write decides on these snapshots: the integrity guard checks them before the commit, as for any load.
        foreach (var loaded in session.Listeners.OfType<Integrity.LoadedSnapshots>())
        {
            if (plan is not null) loaded.DocumentLoaded(planKey, plan);
            if (scales is not null) loaded.DocumentLoaded(Scales.TenantScales.StreamKey, scales);
        }

        return new IndicatorWrite(stream, plan, scales);
    }

    private static async Task<IndicatorWrite> LoadOneByOne(string id, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Indicator>(Indicator.StreamKey(id), ct);
        Plan? plan = null;
        if (stream.Aggregate is { } indicator)
        {
            var planKey = Plan.StreamKey(indicator.Opd, indicator.Year);
            plan = await session.LoadAsync<Plan>(planKey, ct);
            if (PlanKeys.Count >= PlanKeysKept) PlanKeys.Clear();
            PlanKeys[(session.TenantId, id)] = planKey;
        }

        return new IndicatorWrite(stream, plan, await Scales.TenantScales.Load(session, ct));
    }

    /// <summary>Who may act on an indicator: a role of its OPD (a planner changes it); 404 for an indicator not there.</summary>
    public static ProblemDetails Allowed(IndicatorWrite write, string id, ClaimsPrincipal user, string action = "change indicators",
        string role = Roles.Planner) =>
        write.Stream.Aggregate is null
            ? Problems.NotFound($"No indicator '{id}'.")
            : Access.RequireForOpd(user, write.Indicator.Opd, action, role);

    /// <summary>Runs the lifecycle and version checks after the command's own field checks passed.</summary>
    public static ProblemDetails Decide(IndicatorWrite write, FieldChecks fields, long? expectedVersion,
        RevisionInput? revision, Func<ProblemDetails>? ruleChecks = null) =>
        ExpectedVersion.AfterFields(write.Stream, fields, expectedVersion, () => RevisionRules.Check(write.Plan, revision), ruleChecks);

    public static IndicatorShape Shape(IndicatorWrite write) => new(write.Indicator.Schedule, write.Indicator.ValueKind,
        Scales.TenantScales.Of(write.Scales, write.Indicator.GradeScale));
}
