using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Renstra;

namespace Sakip.Api.WebConsole;

/// <summary>
/// The LKjIP comparison table of an OPD's Renstra for a year, read-only: the API's own fold and table
/// (<see cref="LkjipQueries"/>), under its read rule, now or as it stood at an instant.
/// </summary>
public partial class LkjipPage
{
    public static async Task<IResult> Get(string tenant, string opd, int startYear, int endYear, string? year, string? asOf, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (LkjipQueries.Before(opd, console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var (chosen, notNumber) = ConsoleRequest.Integer("year", year);
        if (notNumber is not null) return console.Refuse(notNumber);
        var (instant, invalid) = console.Instant(asOf);
        if (invalid is not null) return console.Refuse(Problems.Validation(new Problems.FieldError("asOf", invalid)));

        var asOfText = instant?.ToString("O");
        var read = await LkjipQueries.LoadAsync(opd, startYear, endYear, asOfText, console.Session, console.Keys, console.Aborted);
        var shown = chosen ?? Math.Clamp(DateTime.UtcNow.Year - 1, startYear, endYear);
        if (LkjipQueries.Validate(opd, startYear, endYear, shown, asOfText, null, read) is var problem && problem.IsProblem())
            return console.Refuse(problem);
        var agency = await console.Session.LoadAsync<Opds.Opd>(Opds.Opd.StreamKey(opd), console.Aborted);
        return console.Page<LkjipPage>(new
        {
            Chrome = console.Chrome("LKjIP", "home"), Table = Lkjip.Build(read, shown), Agency = agency?.Name ?? opd,
            AsOf = instant, AsOfField = console.Local(instant), Zone = console.Zone,
        });
    }
}
