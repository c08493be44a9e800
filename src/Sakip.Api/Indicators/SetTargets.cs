using System.Security.Claims;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Indicators;

/// <param name="AnnualTarget">Number, "lo-hi" range, grade, or null for none.</param>
/// <param name="PeriodTargets">12 monthly or 4 quarterly cells, each like the annual target; null or "-" = no target.</param>
public sealed record SetTargets([property: Required] long? ExpectedVersion, JsonElement? AnnualTarget, IReadOnlyList<JsonElement>? PeriodTargets,
    RevisionInput? Revision);

/// <summary>Sets the annual and period targets: freely in draft, as a formal revision once the PK is signed.</summary>
public static class SetTargetsEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(SetTargets command, IndicatorWrite write)
    {
        var fields = new FieldChecks();
        var (_, periods) = Read(command, write, fields);
        return IndicatorWrites.Decide(write, fields, command.ExpectedVersion, command.Revision,
            () => RevisedPeriodRules(write, command.Revision, periods));
    }

    /// <summary>Sets the annual and period targets: freely in draft, as a formal revision once the Perjanjian Kinerja is signed.</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/targets", Name = "SetTargets")]
    [Tags("Indicators")]
    public static IndicatorView Put(SetTargets command, IndicatorWrite write)
    {
        var indicator = write.Indicator;
        var (annual, periods) = Read(command, write, new FieldChecks());
        var revision = RevisionRules.ToRevision(write.Plan!, command.Revision);
        var set = new TargetsSet(indicator.IndicatorId, indicator.Opd, indicator.Year, annual, periods, revision,
            revision is null ? [] : RealizedTargets.Revised(indicator, periods));
        return write.Answer(set, PlanWarnings.ForTargets(indicator.Aggregation, annual, periods));
    }

    private static (TargetValue? Annual, List<TargetValue?> Periods) Read(SetTargets command, IndicatorWrite write,
        FieldChecks fields)
    {
        var shape = IndicatorWrites.Shape(write);
        return (TargetCells.Read(command.AnnualTarget, "annualTarget", shape, fields),
            TargetCells.ReadPeriods(command.PeriodTargets, "periodTargets", shape, fields));
    }

    /// <summary>
    /// A revision applies from its effective month: it may not touch earlier periods, and touching a period that
    /// already has a realization needs the planner's explicit acknowledgement (and is flagged on the event).
    /// </summary>
    private static ProblemDetails RevisedPeriodRules(IndicatorWrite write, RevisionInput? input, List<TargetValue?> periods)
    {
        if (write.Plan is not { IsEstablished: true } || input?.EffectiveFromMonth is not { } from)
            return WolverineContinue.NoProblems;
        var indicator = write.Indicator;
        var changed = RealizedTargets.ChangedPeriods(indicator, periods).ToList();
        if (EffectiveMonth.Check(indicator.Schedule, changed, from) is { Count: > 0 } early) return early.ToProblem();
        var realized = changed.Where(indicator.Realizations.ContainsKey).ToList();
        if (realized.Count > 0 && !input.AcknowledgeRealizedPeriods)
            return Problems.Unprocessable(
                $"Periods {string.Join(", ", realized)} already have a realization. Revising their target must be " +
                "acknowledged explicitly, and is flagged for the Inspektorat.",
                new Problems.FieldError("revision.acknowledgeRealizedPeriods", "must be true to revise a realized period."));
        return WolverineContinue.NoProblems;
    }
}
