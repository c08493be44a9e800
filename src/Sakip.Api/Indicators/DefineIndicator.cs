using System.Security.Claims;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Indicators;

/// <param name="Code">The indicator's stable key within the OPD-year (imports match on it).</param>
/// <param name="NodeCode">Code of the plan node the indicator measures.</param>
/// <param name="Aggregation">sum, cumulative, last or average: how periods add up (never guessed).</param>
/// <param name="GradeScale">For grade indicators: predikat-akip or nilai.</param>
/// <param name="CarriesBudget">True on the node's primary indicator, which records the node's budget.</param>
public sealed record DefineIndicator([property: Required] string? Code, [property: Required] string? NodeCode, [property: Required] string? Name, [property: Required] string? Unit, Polarity? Polarity,
    [property: Required] Aggregation? Aggregation, [property: Required] Schedule? Schedule, ValueKind? ValueKind, string? GradeScale, string? Formula,
    string? DataSource, bool CarriesBudget, OfficialInput? Responsible, JsonElement? AnnualTarget,
    IReadOnlyList<JsonElement>? PeriodTargets, BudgetInput? Budget, RevisionInput? Revision);

public static class DefineIndicatorEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "define indicators", Roles.Planner);

    public sealed record Context(Plan? Plan, TenantScales? Scales);

    public static async Task<Context> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        new(await session.LoadAsync<Plan>(Plan.StreamKey(opd, year), ct), await TenantScales.Load(session, ct));

    public static async Task<ProblemDetails> ValidateAsync(string opd, int year, DefineIndicator command, Context context,
        IDocumentSession session, CancellationToken ct)
    {
        var (plan, scales) = context;
        if (plan is null) return Problems.NotFound($"No plan for '{opd}' in {year}: start it first.");
        var fields = new FieldChecks()
            .Required("code", command.Code, 60).Required("nodeCode", command.NodeCode, 60)
            .Required("name", command.Name, 1000).Required("unit", command.Unit, 100)
            .When(command.Aggregation is null, "aggregation", "is required: sum, cumulative, last or average.")
            .When(command.Schedule is null, "schedule", "is required: monthly or quarterly.")
            .When(command.ValueKind == ValueKind.Grade && TenantScales.Of(scales, command.GradeScale) is null, "gradeScale",
                $"is required for grade indicators: one of {string.Join(", ", (scales?.All ?? GradeScale.BuiltIn).Select(s => s.Name))}.")
            .When(!command.CarriesBudget && command.Budget is not null, "budget",
                "belongs on the node's budget-carrying indicator (set carriesBudget).")
            .When(command.Responsible is not null && string.IsNullOrWhiteSpace(command.Responsible.Position),
                "responsible.position", "is required when a responsible official is given.");
        DetailChecks.Check(fields, command.Formula, command.DataSource);
        OfficialChecks.Check(fields, "responsible.", command.Responsible?.Position, command.Responsible?.Name, command.Responsible?.Nip);
        if (command.NodeCode is not null && plan.NodeByCode(command.NodeCode.Trim()) is null)
            fields.Add("nodeCode", $"no node with code '{command.NodeCode}' in this plan.");
        if (command.Schedule is not null) Targets(command, scales, fields);
        else Cells(command, scales, fields);
        if (command.CarriesBudget && command.Budget is not null) BudgetChecks.Check(command.Budget, "budget.", fields);
        if (fields.HasErrors) return fields.Result();
        if (RevisionRules.Check(plan, command.Revision) is var rule && rule.IsProblem()) return rule;

        var code = command.Code!.Trim();
        var node = plan.NodeByCode(command.NodeCode!.Trim())!;
        if (await session.Query<Indicator>().AnyAsync(i => i.Opd == opd && i.Year == year && i.Code == code, ct))
            return Problems.Conflict($"The plan already has an indicator with code '{code}'.", "code");
        if (command.CarriesBudget &&
            await session.Query<Indicator>().FirstOrDefaultAsync(i => i.NodeId == node.Id && i.CarriesBudget, ct) is { } carrier)
            return Problems.Conflict($"Node '{node.Code.Code}' already records its budget on indicator '{carrier.Code}'.",
                "carriesBudget");
        return WolverineContinue.NoProblems;
    }

    /// <summary>Defines an indicator of an OPD-year with its targets (and budget on the node's budget-carrying indicator).</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/indicators", Name = "DefineIndicator")]
    [Tags("Indicators")]
    [ProducesResponseType<IndicatorView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int year, DefineIndicator command, Context context,
        IDocumentSession session)
    {
        var (plan, scales) = (context.Plan!, context.Scales);
        var id = Guid.CreateVersion7().ToString();
        var revision = RevisionRules.ToRevision(plan, command.Revision);
        var defined = new IndicatorDefined(id, opd, year, command.Code!.Trim(), plan.NodeByCode(command.NodeCode!.Trim())!.Id,
            command.Name!.Trim(), command.Unit!.Trim(), command.Polarity ?? Polarity.Positive, command.Aggregation!.Value,
            command.Schedule!.Value, command.ValueKind ?? ValueKind.Number, TenantScales.Of(scales, command.GradeScale)?.Name,
            command.Formula?.Trim(), command.DataSource?.Trim(), command.CarriesBudget, command.Responsible?.ToOfficial(),
            revision);
        var (annual, periods) = Targets(command, scales, new FieldChecks());
        var pending = new List<IEvent> { PendingEvent.Of(defined, 1), PendingEvent.Of(new TargetsSet(id, opd, year, annual, periods, revision, []), 2) };
        var warnings = PlanWarnings.ForTargets(defined.Aggregation, annual, periods).ToList();
        if (command.CarriesBudget && command.Budget is { } budget)
        {
            var monthly = BudgetChecks.Plan(budget.MonthlyPlan);
            pending.Add(PendingEvent.Of(new BudgetSet(id, opd, year, budget.Pagu, monthly, revision), 3));
            warnings.AddRange(PlanWarnings.ForBudget(budget.Pagu, monthly));
        }

        session.Events.StartStream<Indicator>(Indicator.StreamKey(id), pending.Select(e => e.Data).ToArray());
        var state = pending.Aggregate((Indicator?)null, Indicator.Step)!;
        return Results.Created($"/api/{tenant}/indicators/{id}", IndicatorView.From(state, pending.Count, warnings));
    }

    /// <summary>Without a schedule the number of periods is unknown, but each cell can still be read.</summary>
    private static void Cells(DefineIndicator command, TenantScales? scales, FieldChecks fields)
    {
        var shape = new IndicatorShape(Schedule.Monthly, command.ValueKind ?? ValueKind.Number, TenantScales.Of(scales, command.GradeScale));
        TargetCells.Read(command.AnnualTarget, "annualTarget", shape, fields);
        foreach (var (cell, i) in (command.PeriodTargets ?? []).Select((c, i) => (c, i)))
            TargetCells.Read(cell, $"periodTargets[{i + 1}]", shape, fields);
    }

    private static (TargetValue? Annual, List<TargetValue?> Periods) Targets(DefineIndicator command,
        TenantScales? scales, FieldChecks fields)
    {
        var shape = new IndicatorShape(command.Schedule!.Value, command.ValueKind ?? ValueKind.Number,
            TenantScales.Of(scales, command.GradeScale));
        return (TargetCells.Read(command.AnnualTarget, "annualTarget", shape, fields),
            TargetCells.ReadPeriods(command.PeriodTargets, "periodTargets", shape, fields));
    }
}
