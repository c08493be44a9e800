using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

public static class RenstraIndicatorQueries
{
    public static ProblemDetails Validate(string? asOf) => AsOfParameter.Check("asOf", asOf);

    /// <summary>One IKU or IKI now, or (<c>asOf</c>) as it stood at an instant.</summary>
    [WolverineGet("/api/{tenant}/renstra-indicators/{id}", Name = "GetRenstraIndicator")]
    [Tags("Renstra")]
    [ProducesResponseType<RenstraIndicatorView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, string? asOf, ClaimsPrincipal user, IQuerySession session, IntegrityKeys integrity,
        CancellationToken ct)
    {
        var events = await Stream(session, integrity, id, AsOfParameter.Parse(asOf), ct);
        var indicator = events.Aggregate((RenstraIndicator?)null, RenstraIndicator.Step);
        if (indicator is null)
            return Results.Problem(Problems.NotFound(asOf is null ? $"No Renstra indicator '{id}'." : $"Renstra indicator '{id}' did not exist at {asOf}."));
        return RenstraAccess.Read(user, indicator.Opd) is var denied && denied.IsProblem()
            ? Results.Problem(denied)
            : Results.Ok(RenstraIndicatorView.From(indicator));
    }

    /// <summary>Every recorded change of the indicator, oldest first, with each value before and after.</summary>
    [WolverineGet("/api/{tenant}/renstra-indicators/{id}/history", Name = "GetRenstraIndicatorHistory")]
    [Tags("Renstra")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(string id, ClaimsPrincipal user, IQuerySession session, IntegrityKeys integrity,
        CancellationToken ct)
    {
        var events = await Stream(session, integrity, id, null, ct);
        if (events.Count == 0 || events[0].Data is not RenstraIndicatorDefined defined)
            return Results.Problem(Problems.NotFound($"No Renstra indicator '{id}'."));
        return RenstraAccess.Read(user, defined.Opd) is var denied && denied.IsProblem()
            ? Results.Problem(denied)
            : Results.Ok(IndicatorHistory.Build<RenstraIndicator>(events, RenstraIndicator.Step, RenstraIndicator.Fields));
    }

    /// <summary>The indicator's stream up to an instant, verified: a row written without the service's key is never folded.</summary>
    private static async Task<IReadOnlyList<JasperFx.Events.IEvent>> Stream(IQuerySession session, IntegrityKeys integrity, string id,
        DateTimeOffset? until, CancellationToken ct) =>
        (await StoredEvents.Verify(session, integrity, StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session),
            session.TenantId, [RenstraIndicator.StreamKey(id)], until, null, ct), ct)).Events;
}
