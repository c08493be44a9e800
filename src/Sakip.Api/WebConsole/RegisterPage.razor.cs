using Sakip.Api.Audit;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;

namespace Sakip.Api.WebConsole;

/// <summary>The Perubahan register of an OPD-year (the API's PerubahanRegister), its red flags said in words.</summary>
public partial class RegisterPage
{
    public static async Task<IResult> Get(string tenant, string opd, int year, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (RegisterQueries.Before(console.Principal, opd) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var events = (await OpdYearReplay.Events(console.Session, console.Keys, opd, year, null, console.Aborted)).Events;
        if (events.Count == 0) return console.Refuse(Problems.NotFound($"Belum ada rencana '{opd}' tahun {year}."));
        var agency = await console.Session.LoadAsync<Opds.Opd>(Opds.Opd.StreamKey(opd), console.Aborted);
        return console.Page<RegisterPage>(new
        {
            Chrome = console.Chrome("Register Perubahan", "home"), Register = PerubahanRegister.Build(opd, year, events),
            Agency = agency?.Name ?? opd, Zone = console.Zone, MayNote = !AddInspectorNoteEndpoint.Before(console.Principal).IsProblem(),
        });
    }
}
