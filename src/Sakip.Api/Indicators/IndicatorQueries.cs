using System.Security.Claims;
using Marten;
using Sakip.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Wolverine.Http;

namespace Sakip.Api.Indicators;

public static class IndicatorQueries
{
    public static ProblemDetails Validate(string? asOf, long? asOfVersion)
    {
        if (asOf is not null && asOfVersion is not null)
            return Problems.Validation(new Problems.FieldError("asOf", "use either asOf or asOfVersion, not both."));
        if (asOfVersion is < 1)
            return Problems.Validation(new Problems.FieldError("asOfVersion", "must be 1 or more."));
        return AsOfParameter.Check("asOf", asOf);
    }

    /// <summary>The indicator now, as it stood at an instant (<c>asOf</c>), or at a version (<c>asOfVersion</c>).</summary>
    [WolverineGet("/api/{tenant}/indicators/{id}", Name = "GetIndicator")]
    [Tags("Indicators")]
    [ProducesResponseType<IndicatorView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, string? asOf, long? asOfVersion, IQuerySession session,
        IntegrityKeys keys, HttpContext context, ILogger<IndicatorCheckpoint> logger, CancellationToken ct)
    {
        Indicator? indicator;
        IReadOnlyList<Rejection> excluded = [];
        IndicatorReplay? replayed = null;
        var stream = Indicator.StreamKey(id);
        IntegrityNotice? notice = null;
        if (asOf is null && asOfVersion is null) indicator = await session.LoadAsync<Indicator>(stream, ct);
        else
        {
            // The tenant's findings come in the replay's round trip: the OPD-year they must concern is known only from the fold.
            replayed = await IndicatorCheckpoints.Replay(session, keys, stream, AsOfParameter.Parse(asOf), asOfVersion, logger, ct);
            (indicator, excluded) = (replayed.State, replayed.Rejected);
            if (indicator is not null) notice = replayed.TenantFindings.Concerning(indicator.Opd, indicator.Year).With(excluded);
        }

        if (indicator is not null && notice is null) notice = await IntegrityNotice.For(session, indicator.Opd, indicator.Year, excluded, ct);
        // An event inside a checkpoint found tampered since: the answer is the replay that leaves it out, as without checkpoints.
        if (replayed is { FromVersion: > 0 } && notice!.Findings.Any(f => f.Stream == stream && f.Version <= replayed.FromVersion))
        {
            replayed = await IndicatorCheckpoints.Full(session, keys, stream, AsOfParameter.Parse(asOf), asOfVersion, ct);
            (indicator, excluded) = (replayed.State, replayed.Rejected);
            notice = indicator is null ? null : await IntegrityNotice.For(session, indicator.Opd, indicator.Year, excluded, ct);
        }

        notice?.Write(context);
        return indicator is null
            ? Results.Problem(Problems.NotFound(asOf is null && asOfVersion is null
                ? $"No indicator '{id}'."
                : $"Indicator '{id}' did not exist at {asOf ?? "version " + asOfVersion}."))
            : Results.Ok(IndicatorView.From(indicator, indicator.Version));
    }

    /// <summary>Every recorded change of the indicator, oldest first, with each value before and after.</summary>
    [WolverineGet("/api/{tenant}/indicators/{id}/history", Name = "GetIndicatorHistory")]
    [Tags("Indicators")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(string id, ClaimsPrincipal principal, IQuerySession session, IntegrityKeys keys,
        HttpContext context, CancellationToken ct)
    {
        var replayed = await Stream(session, keys, id, null, null, ct);
        if (replayed.Events.Count == 0) return Results.Problem(Problems.NotFound($"No indicator '{id}'."));
        var defined = replayed.Events[0].Data as IndicatorDefined;
        if (Access.ReadChanges(principal, defined?.Opd ?? "") is var denied && denied.IsProblem()) return Results.Problem(denied);
        if (defined is not null)
            (await IntegrityNotice.For(session, defined.Opd, defined.Year, replayed.Rejected, ct)).Write(context);
        return Results.Ok(IndicatorHistory.Build(replayed.Events));
    }

    /// <summary>The indicator's stream up to an instant or a version, verified: only authentic events are folded.</summary>
    private static Task<VerifiedEvents> Stream(IQuerySession session, IntegrityKeys keys, string id, DateTimeOffset? until,
        long? version, CancellationToken ct) =>
        StoredEvents.Verify(session, keys, StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session), session.TenantId,
            [Indicator.StreamKey(id)], until, version, ct), ct);

    /// <summary>The indicators of an OPD-year, by code, as they stand now.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/indicators", Name = "ListIndicators")]
    [Tags("Indicators")]
    public static async Task<IReadOnlyList<IndicatorView>> List(string opd, int year, IQuerySession session,
        CancellationToken ct)
    {
        var indicators = await session.Query<Indicator>().Where(i => i.Opd == opd && i.Year == year)
            .OrderBy(i => i.Code).ToListAsync(ct);
        return indicators.Select(i => IndicatorView.From(i, i.Version)).ToList();
    }
}
