using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

public sealed record ChangePlanNode([property: Required] long? ExpectedVersion, [property: Required] string? Code, string? NomenclatureVersion, [property: Required] string? Name,
    OfficialInput? Responsible, RevisionInput? Revision);

/// <summary>Renames or recodes a node, or changes its responsible official; a formal revision once established.</summary>
public static class ChangePlanNodeEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "draft plans", Roles.Planner);

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, string nodeId, ChangePlanNode command,
        IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        var plan = stream.Aggregate!;
        if (plan.Node(nodeId) is null) return Problems.NotFound($"No node '{nodeId}' in the plan of '{opd}' for {year}.");
        var checks = new FieldChecks()
            .RequiredVersion("expectedVersion", command.ExpectedVersion)
            .Required("code", command.Code, 60)
            .Required("name", command.Name, 500)
            .When(command.NomenclatureVersion?.Trim().Length > 200, "nomenclatureVersion", "must be at most 200 characters.");
        OfficialChecks.Check(checks, "responsible.", command.Responsible?.Position, command.Responsible?.Name, command.Responsible?.Nip);
        if (checks.HasErrors) return checks.Result();
        if (plan.NodeByCode(command.Code!.Trim()) is { } other && other.Id != nodeId)
            return Problems.Conflict($"Another node already has code '{command.Code.Trim()}'.", "code");
        if (RevisionRules.Check(plan, command.Revision) is var rule && rule.IsProblem()) return rule;
        return PlanWrites.Version(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Renames or recodes a plan node, or changes its responsible official. A formal revision once the plan is established.</summary>
    [WolverinePut("/api/{tenant}/opds/{opd}/years/{year}/plan/nodes/{nodeId}", Name = "ChangePlanNode")]
    [Tags("Plans")]
    public static PlanView Put(string opd, int year, string nodeId, ChangePlanNode command, IEventStream<Plan> stream)
    {
        var plan = stream.Aggregate!;
        var changed = new PlanNodeChanged(opd, year, nodeId,
            new NodeCode(command.Code!.Trim(), command.NomenclatureVersion?.Trim()), command.Name!.Trim(),
            command.Responsible?.ToOfficial(), RevisionRules.ToRevision(plan, command.Revision));
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(changed);
        return PlanWrites.View(plan.Apply(changed), version);
    }
}
