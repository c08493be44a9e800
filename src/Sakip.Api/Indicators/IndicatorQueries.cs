using System.Security.Claims;
using Marten;
using Sakip.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
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
        CancellationToken ct)
    {
        var indicator = asOf is null && asOfVersion is null
            ? await session.LoadAsync<Indicator>(Indicator.StreamKey(id), ct)
            : (await session.Events.FetchStreamAsync(Indicator.StreamKey(id), asOfVersion ?? 0, AsOfParameter.Parse(asOf),
                token: ct)).Aggregate((Indicator?)null, Indicator.Step);
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
    public static async Task<IResult> History(string id, ClaimsPrincipal principal, IQuerySession session,
        CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(Indicator.StreamKey(id), token: ct);
        if (events.Count == 0) return Results.Problem(Problems.NotFound($"No indicator '{id}'."));
        var opd = (events[0].Data as IndicatorDefined)?.Opd;
        return Access.ReadChanges(principal, opd ?? "") is var denied && denied.IsProblem()
            ? Results.Problem(denied)
            : Results.Ok(IndicatorHistory.Build(events));
    }

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
