using Sakip.Api.Audit;
using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;
using Sakip.Api.RencanaAksi;

namespace Sakip.Api.WebConsole;

/// <summary>A node of the plan tree at its depth, with the Rencana Aksi rows of its indicators.</summary>
public sealed record TreeNode(int Depth, PlanNode Node, IReadOnlyList<RencanaAksiRow> Indicators);

/// <summary>An indicator's capaian by month with the figures of its two charts.</summary>
public sealed record CapaianRow(IndicatorCapaian Capaian, IReadOnlyList<ChartSeries> Performance, IReadOnlyList<ChartSeries>? Budget);

/// <summary>
/// An OPD-year: the Rencana Aksi tree with murni beside current values and the revision that changed each, and the
/// capaian by month with charts, now or (as-of) as it stood at an instant: the same fold and the same documents as
/// the API's rencana-aksi and capaian reads.
/// </summary>
public partial class OpdYearPage
{
    public static async Task<IResult> Get(string tenant, string opd, int year, string? asOf, string? month, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (AuditQueries.Before(console.Principal, opd) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var (chosen, notNumber) = ConsoleRequest.Integer("month", month);
        if (notNumber is not null) return console.Refuse(notNumber);
        var (instant, invalid) = console.Instant(asOf);
        if (invalid is not null) return console.Refuse(Problems.Validation(new Problems.FieldError("asOf", invalid)));

        var asOfText = instant?.ToString("O");
        var read = await OpdYearRead.Load(opd, year, false, asOfText, console.Session, console.Keys, console.Aborted);
        if (OpdYearRead.Check(opd, year, chosen, asOfText, read) is var problem && problem.IsProblem()) return console.Refuse(problem);
        var state = read.State!;
        // The plan read leaves the realizations out of an as-of replay; the capaian beside it needs them, as the live fold has.
        var realized = instant is { } t
            ? OpdYearReplay.Fold((await OpdYearReplay.Events(console.Session, console.Keys, opd, year, t, console.Aborted)).Events) ?? state
            : state;
        var shownMonth = chosen ?? CapaianSettings.LastReportedMonth(realized) ?? 12;
        var heading = await ReportHeading.Load(console.Session, tenant, opd, state, instant, DateTimeOffset.UtcNow, console.Aborted);
        var document = RencanaAksiDocument.From(state);

        return console.Page<OpdYearPage>(new
        {
            Chrome = console.Chrome($"{heading.Agency} {year}", "home"), Opd = opd, Heading = heading, Plan = state.Plan!,
            AsOf = instant, AsOfField = console.Local(instant), Month = shownMonth, Fresh = read.Freshness.IsCurrent,
            RecordFailed = read.Integrity.Failed,
            Document = document, Tree = BuildTree(state, document),
            Capaian = CapaianTable.Build(realized, shownMonth, read.Settings).Presented().Indicators
                .Select(c => Row(c, realized.Indicators[c.Id])).ToList(),
            Zone = console.Zone,
        });
    }

    /// <summary>Sasaran → program → kegiatan → sub kegiatan → individu, children in code order.</summary>
    public static IReadOnlyList<TreeNode> BuildTree(OpdYear state, RencanaAksiDocument document)
    {
        var rows = document.Sections.SelectMany(s => s.Rows).Where(r => r.IndicatorId is not null).ToDictionary(r => r.IndicatorId!);
        var nodes = state.Plan!.Nodes;
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var children = nodes.ToLookup(n => n.ParentId is { } p && ids.Contains(p) ? p : null);
        var byNode = state.Indicators.Values.ToLookup(i => i.NodeId);
        var tree = new List<TreeNode>();

        void Visit(PlanNode node, int depth)
        {
            tree.Add(new TreeNode(depth, node, byNode[node.Id].OrderBy(i => i.Code, StringComparer.Ordinal)
                .Select(i => rows.GetValueOrDefault(i.IndicatorId)).OfType<RencanaAksiRow>().ToList()));
            foreach (var child in children[node.Id].OrderBy(n => n.Level).ThenBy(n => n.Code.Code, CodeOrder.Instance))
                Visit(child, depth + 1);
        }

        foreach (var root in children[null].OrderBy(n => n.Level).ThenBy(n => n.Code.Code, CodeOrder.Instance)) Visit(root, 0);
        return tree;
    }

    private static CapaianRow Row(IndicatorCapaian capaian, Indicator indicator)
    {
        IReadOnlyList<ChartSeries> performance =
        [
            new("Target", "target", capaian.Periods.Select(p => p.Target?.Number).ToList()),
            new("Realisasi", "real", capaian.Periods.Select(p => p.Realized?.Number).ToList()),
        ];
        if (!indicator.CarriesBudget) return new CapaianRow(capaian, performance, null);
        var spent = new decimal?[12];
        foreach (var r in indicator.Realizations.Values.Where(r => r.Status != Indicators.RealizationStatus.Returned))
            spent[Periods.LastMonthOf(indicator.Schedule, r.Period) - 1] = r.BudgetRealizedToDate;
        return new CapaianRow(capaian, performance,
        [
            new("Rencana anggaran kumulatif", "plan", indicator.Current.BudgetPlan.ToList()),
            new("Realisasi anggaran kumulatif", "spent", spent),
        ]);
    }
}
