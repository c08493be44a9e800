using Marten;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.Imports;

/// <summary>
/// Compares an imported plan with what is stored and decides the events: new nodes and indicators are added,
/// changed values become changes (formal revisions once the plan is established), unchanged ones produce nothing.
/// </summary>
public sealed class RencanaAksiImport(ImportedPlan file, Plan? plan, IReadOnlyDictionary<string, Indicator> stored,
    Revision? revision, Renstra.RenstraCascadeTargets? renstra = null)
{
    public List<PendingStream> Streams { get; } = [];
    public List<ImportChange> Changes { get; } = [];
    public List<ImportIssue> Errors { get; } = [];
    public List<ImportIssue> Warnings { get; } = [];
    public int Unchanged { get; private set; }

    public static async Task<RencanaAksiImport> Decide(ImportedPlan file, IDocumentSession session, RevisionInput? input,
        CancellationToken ct)
    {
        var plan = await session.LoadAsync<Plan>(Plan.StreamKey(file.Opd, file.Year), ct);
        var stored = (await session.Query<Indicator>().Where(i => i.Opd == file.Opd && i.Year == file.Year).ToListAsync(ct))
            .ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var import = new RencanaAksiImport(file, plan, stored, plan is null ? null : RevisionRules.ToRevision(plan, input),
            file.Indicators.Any(i => i.RenstraCode is not null) ? await Renstra.RenstraCascadeTargets.Load(session, file.Opd, file.Year, ct) : null);
        import.Run();
        return import;
    }

    private void Run()
    {
        var planEvents = new List<(int, object)>();
        var nodes = (plan?.Nodes ?? []).ToDictionary(n => n.Code.Code, n => n.Id, StringComparer.OrdinalIgnoreCase);
        if (plan is null) planEvents.Add((file.Nodes.FirstOrDefault()?.Row ?? 2, new PlanStarted(file.Opd, file.Year)));

        // Parents before children, whatever the file's row order.
        foreach (var node in file.Nodes.OrderBy(n => n.Level))
        {
            var existing = plan?.NodeByCode(node.Code);
            if (existing is null)
            {
                if (node.ParentCode is not null && !nodes.ContainsKey(node.ParentCode))
                {
                    Errors.Add(new(node.Row, "parent_code", node.ParentCode, $"No node {node.ParentCode} in the file or the plan."));
                    continue;
                }

                var id = "n-" + Guid.CreateVersion7().ToString("N");
                nodes[node.Code] = id;
                planEvents.Add((node.Row, new PlanNodeAdded(file.Opd, file.Year, id, node.Level, new NodeCode(node.Code, null),
                    node.Name, node.ParentCode is null ? null : nodes[node.ParentCode], node.Responsible, revision)));
                Changes.Add(new(node.Row, "nodeAdded", node.Code, $"{node.Level} \"{node.Name}\""));
            }
            else if (existing.Name != node.Name || existing.Responsible != node.Responsible)
            {
                planEvents.Add((node.Row, new PlanNodeChanged(file.Opd, file.Year, existing.Id, existing.Code, node.Name,
                    node.Responsible, revision)));
                Changes.Add(new(node.Row, "nodeChanged", node.Code, $"\"{existing.Name}\" → \"{node.Name}\""));
            }
            else Unchanged++;
        }

        if (planEvents.Count > 0)
            Streams.Add(new PendingStream(Plan.StreamKey(file.Opd, file.Year), plan is null, plan?.Version ?? 0, planEvents));
        foreach (var indicator in file.Indicators)
        {
            if (!nodes.TryGetValue(indicator.NodeCode, out var nodeId)) continue;
            if (stored.TryGetValue(indicator.Code, out var current)) Update(indicator, current);
            else Add(indicator, nodeId);
        }
    }

    private void Add(ImportedIndicator i, string nodeId)
    {
        var id = Guid.CreateVersion7().ToString();
        var events = new List<(int, object)>
        {
            (i.Row, new IndicatorDefined(id, file.Opd, file.Year, i.Code, nodeId, i.Name, i.Unit, i.Polarity, i.Aggregation,
                i.Schedule, i.ValueKind, i.GradeScale, i.Formula, i.DataSource, i.CarriesBudget, i.Responsible, revision)),
            (i.Row, new TargetsSet(id, file.Opd, file.Year, i.Annual, i.Periods, revision, [])),
        };
        if (i.CarriesBudget) events.Add((i.Row, new BudgetSet(id, file.Opd, file.Year, i.Budget, i.BudgetPlan, revision)));
        if (Cascade(i) is { } cascaded) events.Add((i.Row, new IndicatorCascaded(id, file.Opd, file.Year, cascaded, revision)));
        Streams.Add(new PendingStream(Indicator.StreamKey(id), true, 0, events));
        Changes.Add(new(i.Row, "indicatorDefined", i.Code, $"\"{i.Name}\" ({i.Unit}), annual target {i.Annual?.ToString() ?? "-"}"));
    }

    private void Update(ImportedIndicator i, Indicator current)
    {
        if (current.Polarity != i.Polarity || current.Aggregation != i.Aggregation || current.Schedule != i.Schedule)
        {
            Errors.Add(new(i.Row, "aggregation", i.Aggregation.ToString(),
                $"Indicator {i.Code} is stored as {current.Polarity}/{current.Aggregation}/{current.Schedule}; an import cannot change how it is measured."));
            return;
        }

        var (id, v) = (current.IndicatorId, current.Current);
        var events = new List<(int, object)>();
        void Change(string kind, string detail, object e) { events.Add((i.Row, e)); Changes.Add(new(i.Row, kind, i.Code, detail)); }
        if (v.Name != i.Name || v.Unit != i.Unit || v.Formula != i.Formula || v.DataSource != i.DataSource)
            Change("detailsChanged", $"\"{v.Name}\" ({v.Unit}) → \"{i.Name}\" ({i.Unit})",
                new IndicatorDetailsChanged(id, file.Opd, file.Year, i.Name, i.Unit, i.Formula, i.DataSource, revision));
        if (!Equals(v.AnnualTarget, i.Annual) || !v.PeriodTargets.SequenceEqual(i.Periods))
        {
            var realized = revision is null ? [] : RealizedTargets.Revised(current, i.Periods);
            Change("targetsChanged", $"annual {v.AnnualTarget?.ToString() ?? "-"} → {i.Annual?.ToString() ?? "-"}; periods " +
                                     string.Join(", ", RealizedTargets.ChangedPeriods(current, i.Periods)),
                new TargetsSet(id, file.Opd, file.Year, i.Annual, i.Periods, revision, realized));
            if (revision is not null)
                foreach (var (period, refusal) in RealizedTargets.ChangedPeriods(current, i.Periods)
                             .Select(p => (p, EffectiveMonth.Check(current.Schedule, [p], revision.EffectiveFromMonth))))
                    foreach (var early in refusal)
                        Errors.Add(new(i.Row, $"p{period}", i.Periods[period - 1]?.ToString(), early.Message));
        }

        if (i.CarriesBudget && (v.Pagu != i.Budget || !v.BudgetPlan.SequenceEqual(i.BudgetPlan)))
            Change("budgetChanged", $"pagu {v.Pagu:N2} → {i.Budget:N2}",
                new BudgetSet(id, file.Opd, file.Year, i.Budget, i.BudgetPlan, revision));
        if (i.Responsible is not null && v.Responsible != i.Responsible)
            Change("responsibleChanged", $"{v.Responsible?.Position} → {i.Responsible.Position}",
                new ResponsibleOfficialAssigned(id, file.Opd, file.Year, i.Responsible, revision));
        if (Cascade(i) is { } cascaded && current.Renstra?.IndicatorId != cascaded.IndicatorId)
            Change("cascaded", $"serves {current.Renstra?.Code ?? "-"} → {cascaded.Code}",
                new IndicatorCascaded(id, file.Opd, file.Year, cascaded, revision));
        if (events.Count == 0) Unchanged++;
        else Streams.Add(new PendingStream(Indicator.StreamKey(id), false, current.Version, events));
    }

    /// <summary>The Renstra indicator the row names (renstra_indicator), warning where the annual target differs from it.</summary>
    private RenstraLink? Cascade(ImportedIndicator i)
    {
        if (i.RenstraCode is not { } code) return null;
        if (renstra?.Find(code) is not { } serves)
        {
            Errors.Add(new(i.Row, "renstra_indicator", code, renstra is null
                ? $"No Renstra of '{file.Opd}' covers {file.Year}: import the Renstra first."
                : $"The Renstra {renstra.Plan.StartYear}-{renstra.Plan.EndYear} has no indicator {code}."));
            return null;
        }

        foreach (var warning in Renstra.RenstraProgress.TargetWarnings(serves,
                     new Renstra.ServingIndicator("", i.Code, i.Name, i.Unit, file.Year, i.Aggregation, i.Annual, null)))
            Warnings.Add(new(i.Row, "renstra_indicator", code, warning));
        return new RenstraLink(serves.IndicatorId, serves.Code, serves.StartYear, serves.EndYear);
    }

    public bool TouchesRealizedPeriodsWithoutAcknowledgement(RevisionInput? input) =>
        input?.AcknowledgeRealizedPeriods != true && Streams.SelectMany(s => s.Events)
            .Any(e => e.Event is TargetsSet { RealizedPeriodsRevised.Count: > 0 });
}
