using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <summary>
/// A Renstra indicator loaded for writing, with its Renstra (whose status governs it) and what the service knows of
/// its realizations per year (from the cascade or reported directly), which a target revision is checked against.
/// </summary>
public sealed record RenstraIndicatorWrite(IEventStream<RenstraIndicator> Stream, RenstraPlan? Renstra,
    Scales.TenantScales? Scales, IReadOnlyList<ServingIndicator> Serving, IReadOnlyDictionary<int, RealizedValue> Realized)
{
    public RenstraIndicator Indicator => Stream.Aggregate!;
    public long NextVersion => (Stream.CurrentVersion ?? 0) + 1;

    /// <summary>Appends the change and returns the state it produces, folded by the snapshot's own code.</summary>
    public RenstraIndicator Append<T>(T change) where T : notnull => PendingEvent.Append(Stream, change, RenstraIndicator.Step);
}

/// <summary>The checks every change of a Renstra indicator goes through: 404, 403, 400, 422 (lifecycle), 409 (version).</summary>
public static class RenstraWrites
{
    public static async Task<RenstraIndicatorWrite> Load(string id, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<RenstraIndicator>(RenstraIndicator.StreamKey(id), ct);
        if (stream.Aggregate is not { } indicator) return new RenstraIndicatorWrite(stream, null, null, [], new Dictionary<int, RealizedValue>());
        var renstra = await session.LoadAsync<RenstraPlan>(RenstraPlan.StreamKey(indicator.Opd, indicator.StartYear, indicator.EndYear), ct);
        var settings = await RenstraProgress.Settings(session, ct);
        var serving = await RenstraProgress.Serving(session, indicator, settings, ct);
        return new RenstraIndicatorWrite(stream, renstra, settings.TenantScales, serving,
            RenstraProgress.Realized(indicator, serving, settings));
    }

    /// <summary>Who may act on a Renstra indicator: by default whoever may plan its OPD's Renstra; 404 for one not there.</summary>
    public static ProblemDetails Allowed(RenstraIndicatorWrite write, string id, ClaimsPrincipal user,
        Func<string, ProblemDetails>? access = null) =>
        write.Stream.Aggregate is null
            ? Problems.NotFound($"No Renstra indicator '{id}'.")
            : (access ?? (opd => RenstraAccess.Plan(user, opd)))(write.Indicator.Opd);

    /// <summary>Runs the lifecycle and version checks once the command's own field checks passed.</summary>
    public static ProblemDetails Decide(RenstraIndicatorWrite write, FieldChecks fields, long? expectedVersion,
        RenstraRevisionInput? revision, Func<ProblemDetails>? ruleChecks = null) =>
        ExpectedVersion.AfterFields(write.Stream, fields, expectedVersion, () => RenstraRevisionRules.Check(write.Renstra, revision),
            ruleChecks);

    public static Task<IEventStream<RenstraPlan>> LoadPlan(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct) => session.Events.FetchForWriting<RenstraPlan>(RenstraPlan.StreamKey(opd, startYear, endYear), ct);

    public static ProblemDetails PlanExists(IEventStream<RenstraPlan> stream, string opd, int startYear, int endYear) =>
        stream.Aggregate is null
            ? Problems.NotFound($"No Renstra {startYear}-{endYear} for '{opd}': start it with POST .../renstra/{startYear}-{endYear}.")
            : WolverineContinue.NoProblems;

    public static ProblemDetails PlanVersion(IEventStream<RenstraPlan> stream, long expected) =>
        ExpectedVersion.Check(expected, stream);
}
