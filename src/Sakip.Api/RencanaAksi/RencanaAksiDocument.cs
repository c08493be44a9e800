using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.OpdYears;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.RencanaAksi;

/// <summary>The formal revision that last changed a value: its kind, legal basis, reason and effective month.</summary>
public sealed record RevisionRef(RevisionKind Kind, LegalBasis LegalBasis, string Reason, int EffectiveFromMonth,
    long Version, DateTimeOffset RecordedAt);

/// <summary>A value of the plan: the current (perubahan) figure, and when a revision changed it, the murni figure.</summary>
public sealed record PlanValue<T>(T? Current, T? Murni, RevisionRef? RevisedBy);

public sealed record RencanaAksiRow(NodeLevel Level, string NodeCode, string NodeName, string? ParentCode,
    string? IndicatorId, string? IndicatorCode, string? Indicator, string? Unit, string? Schedule,
    PlanValue<TargetValue>? AnnualTarget, IReadOnlyList<PlanValue<TargetValue>> PeriodTargets,
    PlanValue<decimal?>? Budget, IReadOnlyList<PlanValue<decimal?>> BudgetPlan, PlanValue<Official>? Responsible);

public sealed record RencanaAksiSection(string Eselon, IReadOnlyList<NodeLevel> Levels, IReadOnlyList<RencanaAksiRow> Rows,
    decimal BudgetTotal, decimal BudgetTotalMurni);

/// <summary>
/// The Rencana Aksi atas Perjanjian Kinerja as the seeds print it: sections per level, each row an indicator with
/// its targets, budget plan and responsible official, murni beside perubahan where a revision changed a value.
/// </summary>
public sealed record RencanaAksiDocument(string Opd, int Year, PlanStatus Status, bool Reopened, string? AgreementNumber,
    DateOnly? AgreementSignedOn, int Revisions, IReadOnlyList<RencanaAksiSection> Sections)
{
    private static readonly (string Eselon, NodeLevel[] Levels)[] Layout =
    [
        ("Eselon II", [NodeLevel.Sasaran, NodeLevel.Program]),
        ("Eselon III", [NodeLevel.Kegiatan]),
        ("Eselon IV", [NodeLevel.SubKegiatan]),
        ("Individu", [NodeLevel.Individu]),
    ];

    public static RencanaAksiDocument From(OpdYear state)
    {
        var plan = state.Plan!;
        var byNode = state.Indicators.Values.ToLookup(i => i.NodeId);
        var codes = plan.Nodes.ToDictionary(n => n.Id, n => n.Code.Code);
        var sections = Layout.Select(section =>
        {
            // Each node right under its parent when both are in the section (a sasaran, then its programs).
            var inSection = plan.Nodes.Where(n => section.Levels.Contains(n.Level)).ToDictionary(n => n.Id);
            string RootCode(PlanNode n) =>
                n.ParentId is not null && inSection.TryGetValue(n.ParentId, out var parent) ? RootCode(parent) : n.Code.Code;
            var rows = inSection.Values
                .OrderBy(RootCode, CodeOrder.Instance)
                .ThenBy(n => Array.IndexOf(section.Levels, n.Level)).ThenBy(n => n.Code.Code, CodeOrder.Instance)
                .SelectMany(n => Rows(n, byNode[n.Id].OrderBy(i => i.Code, StringComparer.Ordinal).ToList(),
                    n.ParentId is null ? null : codes.GetValueOrDefault(n.ParentId)))
                .ToList();
            return new RencanaAksiSection(section.Eselon, section.Levels, rows,
                rows.Sum(r => r.Budget?.Current ?? 0), rows.Sum(r => r.Budget is null ? 0 : r.Budget.Murni ?? r.Budget.Current ?? 0));
        }).Where(s => s.Rows.Count > 0).ToList();
        return new RencanaAksiDocument(plan.Opd, plan.Year, plan.Status, plan.Reopened, plan.AgreementNumber,
            plan.AgreementSignedOn, state.Indicators.Values.Sum(i => i.Revisions.Count), sections);
    }

    private static IEnumerable<RencanaAksiRow> Rows(PlanNode node, IReadOnlyList<Indicator> indicators, string? parentCode)
    {
        if (indicators.Count == 0)
        {
            yield return new RencanaAksiRow(node.Level, node.Code.Code, node.Name, parentCode, null, null, null, null, null,
                null, [], null, [], node.Responsible is null ? null : new PlanValue<Official>(node.Responsible, null, null));
            yield break;
        }

        foreach (var i in indicators)
        {
            PlanValue<T> Value<T>(string field, Func<IndicatorValues, T?> read)
            {
                var revision = i.RevisedBy.TryGetValue(field, out var index) ? i.Revisions[index] : null;
                return new PlanValue<T>(read(i.Current), revision is null || i.Murni is null ? default : read(i.Murni),
                    revision is null ? null : new RevisionRef(revision.Revision.Kind, revision.Revision.LegalBasis,
                        revision.Revision.Reason, revision.Revision.EffectiveFromMonth, revision.Version, revision.RecordedAt));
            }

            yield return new RencanaAksiRow(node.Level, node.Code.Code, node.Name, parentCode, i.IndicatorId, i.Code,
                i.Current.Name, i.Current.Unit, i.Schedule.ToString().ToLowerInvariant(),
                Value("annualTarget", v => v.AnnualTarget),
                Enumerable.Range(1, i.PeriodCount).Select(p => Value($"periodTargets[{p}]", v => v.PeriodTargets.ElementAtOrDefault(p - 1))).ToList(),
                i.CarriesBudget ? Value<decimal?>("pagu", v => v.Pagu) : null,
                i.CarriesBudget ? Enumerable.Range(1, 12).Select(m => Value<decimal?>($"budgetPlan[{m}]", v => v.BudgetPlan.ElementAtOrDefault(m - 1))).ToList() : [],
                Value("responsible", v => v.Responsible));
        }
    }
}
