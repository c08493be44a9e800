using Marten;
using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Opds;
using Sakip.Api.Plans;

namespace Sakip.Api.WebConsole;

public sealed record HomeRow(string Opd, string Name, PlanStatus? Status, int? Month, decimal? Performance, string? Rating,
    decimal? Financial, int? Revisions, int? Flagged);

/// <summary>The chain as cheaply known: how far it is linked, and the last signed checkpoint (full check: Integritas).</summary>
public sealed record ChainSummary(long Linked, long Latest, Checkpoint? LastCheckpoint);

/// <summary>
/// The tenant's home for a year: every OPD the user may read with its plan status, capaian to the last reported month
/// with its rating, revisions after the PK and how many of them are red-flagged, and the integrity chain's state.
/// </summary>
public partial class HomePage
{
    public static async Task<IResult> Get(string tenant, string? year, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (ConsoleRequest.Integer("year", year) is (_, { } invalid)) return console.Refuse(invalid);
        var chosen = ConsoleRequest.Integer("year", year).Value;
        var (session, ct) = (console.Session, console.Aborted);

        var opds = (await OpdQueries.List(session, ct))
            .Where(o => !AuditQueries.Before(console.Principal, o.Code).IsProblem()).ToList();
        var plans = await session.Query<Plan>().ToListAsync(ct);
        var years = plans.Select(p => p.Year).Distinct().OrderDescending().ToList();
        var shown = chosen ?? plans.Where(p => p.Status != PlanStatus.Draft).Select(p => (int?)p.Year).Max() ?? years.FirstOrDefault();
        if (shown == 0) shown = DateTime.UtcNow.Year;

        var settings = await CapaianSettings.Load(session, ct);
        var wholeTenant = !RegisterSummaryQueries.Before(console.Principal).IsProblem();
        var summaries = wholeTenant
            ? (await RegisterSummaryQueries.Get(shown, session, console.Keys, console.Http, ct)).ToDictionary(s => s.Opd)
            : new Dictionary<string, RegisterSummary>();
        var rows = new List<HomeRow>();
        foreach (var opd in opds)
        {
            var plan = plans.FirstOrDefault(p => p.Opd == opd.Code && p.Year == shown);
            if (plan is null)
            {
                rows.Add(new HomeRow(opd.Code, opd.Name, null, null, null, null, null, null, null));
                continue;
            }

            var state = await session.LoadAsync<OpdYear>(OpdYear.Key(opd.Code, shown), ct);
            var month = state is null ? null : CapaianSettings.LastReportedMonth(state);
            var table = state is not null && month is { } m ? CapaianTable.Build(state, m, settings) : null;
            var summary = summaries.GetValueOrDefault(opd.Code) ?? (wholeTenant
                ? null
                : PerubahanRegister.Build(opd.Code, shown, (await OpdYearReplay.Events(session, console.Keys, opd.Code, shown, null, ct)).Events).Summary);
            rows.Add(new HomeRow(opd.Code, opd.Name, plan.Status, month, CapaianRules.Round2(table?.Summary.PerformanceCapaian),
                table?.Summary.Rating, table is null ? null : LaporanCapaian.From(table).Total.FinancialCapaian,
                summary?.Revisions, summary?.FlaggedRevisions));
        }

        ChainSummary? chain = null;
        if (!IntegrityEndpoints.Before(console.Principal).IsProblem())
        {
            var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct);
            var latest = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
            var last = await session.Query<Checkpoint>().OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(ct);
            chain = new ChainSummary(head?.Sequence ?? 0, latest?.Sequence ?? 0, last);
        }

        return console.Page<HomePage>(new
        {
            Chrome = console.Chrome($"Beranda {shown}", "home"), Zone = console.Zone, Year = shown, Years = years, Rows = rows,
            Chain = chain, Renstras = (await session.Query<Renstra.RenstraPlan>().ToListAsync(ct))
                .Where(r => !Renstra.LkjipQueries.Before(r.Opd, console.Principal).IsProblem()).OrderBy(r => r.Opd).ThenBy(r => r.StartYear).ToList(),
        });
    }
}
