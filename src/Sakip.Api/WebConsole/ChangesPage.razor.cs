using Sakip.Api.Audit;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;

namespace Sakip.Api.WebConsole;

/// <summary>What changed in an OPD-year between two instants: the API's changes report (ChangesQuery), as a page.</summary>
public partial class ChangesPage
{
    public static async Task<IResult> Get(string tenant, string opd, int year, string? from, string? to, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (AuditQueries.Before(console.Principal, opd) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var (start, startError) = console.Instant(from);
        var (end, endError) = console.Instant(to);
        if (startError is not null || endError is not null)
            return console.Refuse(Problems.Validation(new[] { ("from", startError), ("to", endError) }
                .Where(e => e.Item2 is not null).Select(e => new Problems.FieldError(e.Item1, e.Item2!))));
        var now = DateTimeOffset.UtcNow;
        var (fromInstant, toInstant) = (start ?? now.AddDays(-30), end ?? now);
        if (ChangesQuery.Validate(fromInstant.ToString("O"), toInstant.ToString("O")) is var invalid && invalid.IsProblem())
            return console.Refuse(invalid);

        var events = (await OpdYearReplay.Events(console.Session, console.Keys, opd, year, toInstant, console.Aborted)).Events;
        if (!events.Any(e => e.Data is PlanStarted))
            return console.Refuse(Problems.NotFound($"Belum ada rencana '{opd}' tahun {year} sampai {console.Time(toInstant)}."));
        var report = ChangesQuery.Build(opd, year, fromInstant, toInstant, events);
        var agency = await console.Session.LoadAsync<Opds.Opd>(Opds.Opd.StreamKey(opd), console.Aborted);
        return console.Page<ChangesPage>(new
        {
            Chrome = console.Chrome("Perubahan antara dua waktu", "home"), Report = report, Agency = agency?.Name ?? opd,
            From = console.Local(fromInstant), To = console.Local(toInstant), Zone = console.Zone,
        });
    }
}
