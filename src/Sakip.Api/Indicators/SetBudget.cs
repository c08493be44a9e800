using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Indicators;

/// <param name="Pagu">The node's budget ceiling in rupiah.</param>
/// <param name="MonthlyPlan">12 cumulative planned disbursements (January to December), in rupiah.</param>
public sealed record BudgetInput(decimal? Pagu, IReadOnlyList<decimal?>? MonthlyPlan);

public sealed record SetBudget([property: Required] long? ExpectedVersion, [property: Required] decimal? Pagu, IReadOnlyList<decimal?>? MonthlyPlan,
    RevisionInput? Revision);

/// <summary>Sets the pagu and its cumulative monthly plan on the node's budget-carrying indicator.</summary>
public static class SetBudgetEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(SetBudget command, IndicatorWrite write)
    {
        if (!write.Indicator.CarriesBudget)
            return Problems.Unprocessable("A node's budget is recorded once, on its budget-carrying (primary) indicator; " +
                                          "this indicator does not carry it.");
        var fields = BudgetChecks.Check(new BudgetInput(command.Pagu, command.MonthlyPlan), "", new FieldChecks());
        return IndicatorWrites.Decide(write, fields, command.ExpectedVersion, command.Revision);
    }

    /// <summary>Sets the pagu and its cumulative monthly plan on the node's budget-carrying indicator.</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/budget", Name = "SetBudget")]
    [Tags("Indicators")]
    public static IndicatorView Put(SetBudget command, IndicatorWrite write)
    {
        var plan = BudgetChecks.Plan(command.MonthlyPlan);
        return write.Answer(new BudgetSet(write.Indicator.IndicatorId, write.Indicator.Opd, write.Indicator.Year, command.Pagu, plan,
            RevisionRules.ToRevision(write.Plan!, command.Revision)), PlanWarnings.ForBudget(command.Pagu, plan));
    }
}

public static class BudgetChecks
{
    public static FieldChecks Check(BudgetInput budget, string prefix, FieldChecks fields)
    {
        fields.When(budget.Pagu is null, prefix + "pagu", "is required (rupiah).")
            .When(budget.Pagu < 0, prefix + "pagu", "cannot be negative.")
            .When(budget.Pagu is { } p && decimal.Round(p, 2) != p, prefix + "pagu", "has more than 2 decimals (rupiah).");
        if (budget.MonthlyPlan is { Count: not 12 } plan)
            fields.Add(prefix + "monthlyPlan", $"needs 12 cumulative monthly values (null for none), got {plan.Count}.");
        foreach (var (value, i) in (budget.MonthlyPlan ?? []).Select((v, i) => (v, i)))
            fields.When(value < 0, $"{prefix}monthlyPlan[{i + 1}]", "cannot be negative.");
        return fields;
    }

    public static IReadOnlyList<decimal?> Plan(IReadOnlyList<decimal?>? plan) => plan?.ToList() ?? [.. new decimal?[12]];
}
