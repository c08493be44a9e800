using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Indicators;

public static class IndicatorQueries
{
    [WolverineGet("/api/{tenant}/indicators/{id}", Name = "GetIndicator")]
    [Tags("Indicators")]
    [ProducesResponseType<IndicatorView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var indicator = await session.LoadAsync<Indicator>(Indicator.StreamKey(id), ct);
        return indicator is null
            ? Results.Problem(Problems.NotFound($"No indicator '{id}'."))
            : Results.Ok(IndicatorView.From(indicator, indicator.Version));
    }

    /// <summary>Every recorded change of the indicator, oldest first, with each value before and after.</summary>
    [WolverineGet("/api/{tenant}/indicators/{id}/history", Name = "GetIndicatorHistory")]
    [Tags("Indicators")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(string id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(Indicator.StreamKey(id), token: ct);
        return events.Count == 0
            ? Results.Problem(Problems.NotFound($"No indicator '{id}'."))
            : Results.Ok(IndicatorHistory.Build(events));
    }

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
