using Marten;
using Sakip.Api.Audit;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.WebConsole;

/// <summary>An indicator with its full history (the API's IndicatorHistory), its realizations and, for inspectors, its notes.</summary>
public partial class IndicatorPage
{
    public static async Task<IResult> Get(string tenant, string id, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        var events = await console.Session.Events.FetchStreamAsync(Indicator.StreamKey(id), token: console.Aborted);
        var indicator = events.Aggregate((Indicator?)null, Indicator.Step);
        if (indicator is null) return console.Refuse(Problems.NotFound($"Tidak ada indikator '{id}'."));
        if (AuditQueries.Before(console.Principal, indicator.Opd) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var mayNote = !InspectorNoteQueries.Before(console.Principal).IsProblem();
        IReadOnlyList<InspectorNote> notes = mayNote
            ? (await InspectorNoteQueries.Get(id, null, console.Session, console.Aborted))
                .Concat(await InspectorNoteQueries.Get(indicator.Code, indicator.Opd, console.Session, console.Aborted))
                .DistinctBy(n => n.Id).ToList()
            : [];
        return console.Page<IndicatorPage>(new
        {
            Chrome = console.Chrome($"{indicator.Code} {indicator.Current.Name}", "home"),
            View = Indicators.IndicatorView.From(indicator, indicator.Version), History = IndicatorHistory.Build(events),
            Notes = notes, MayNote = mayNote, Zone = console.Zone,
        });
    }
}
