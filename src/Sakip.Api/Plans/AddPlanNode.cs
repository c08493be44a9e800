using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <param name="Level">sasaran, program, kegiatan, subKegiatan or individu.</param>
/// <param name="Code">Nomenclature code as printed, e.g. "2.17.01.2.01.01"; for a sasaran its own label, e.g. "SS1".</param>
/// <param name="NomenclatureVersion">The decree the code belongs to, e.g. "Kepmendagri 050-5889/2021".</param>
/// <param name="ParentCode">Code of the parent node: a program's sasaran, a kegiatan's program, a sub kegiatan's kegiatan.</param>
public sealed record AddPlanNode([property: Required] long? ExpectedVersion, [property: Required] NodeLevel? Level, [property: Required] string? Code, string? NomenclatureVersion,
    [property: Required] string? Name, string? ParentCode, OfficialInput? Responsible, RevisionInput? Revision);

public sealed record OfficialInput([property: Required] string? Position, string? Name, string? Nip)
{
    public Official? ToOfficial() =>
        string.IsNullOrWhiteSpace(Position) ? null : new Official(Position.Trim(), Name?.Trim(), OfficialChecks.NipOf(Nip));
}

/// <summary>Limits of an official's fields wherever one is named (node, indicator, agreement signatory).</summary>
public static partial class OfficialChecks
{
    public static FieldChecks Check(FieldChecks checks, string prefix, string? position, string? name, string? nip) => checks
        .When(position?.Trim().Length > 300, prefix + "position", "must be at most 300 characters.")
        .When(name?.Trim().Length > 300, prefix + "name", "must be at most 300 characters.")
        .When(!string.IsNullOrWhiteSpace(nip) && NipOf(nip) is null, prefix + "nip",
            "must be an NIP of 18 digits (spaces allowed), e.g. \"19680312 199003 1 005\".");

    /// <summary>The 18 digits of a civil servant's NIP, without the spaces documents print in it.</summary>
    public static string? NipOf(string? nip) =>
        nip?.Replace(" ", "") is { } digits && Nip().IsMatch(digits) ? digits : null;

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{18}$")]
    private static partial System.Text.RegularExpressions.Regex Nip();
}

public static class AddPlanNodeEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "draft plans", Roles.Planner);

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, AddPlanNode command, IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        var plan = stream.Aggregate!;
        var checks = new FieldChecks()
            .RequiredVersion("expectedVersion", command.ExpectedVersion)
            .When(command.Level is null, "level", "is required: sasaran, program, kegiatan, subKegiatan or individu.")
            .Required("code", command.Code, 60)
            .Required("name", command.Name, 500)
            .When(command.NomenclatureVersion?.Trim().Length > 200, "nomenclatureVersion", "must be at most 200 characters.")
            .When(command.ParentCode?.Trim().Length > 60, "parentCode", "must be at most 60 characters.")
            .When(command.Responsible is not null && string.IsNullOrWhiteSpace(command.Responsible.Position),
                "responsible.position", "is required when a responsible official is given.");
        OfficialChecks.Check(checks, "responsible.", command.Responsible?.Position, command.Responsible?.Name, command.Responsible?.Nip);
        if (checks.HasErrors) return checks.Result();
        if (plan.NodeByCode(command.Code!.Trim()) is not null)
            return Problems.Conflict($"The plan already has a node with code '{command.Code.Trim()}'.", "code");
        if (ParentProblem(plan, command) is { } parentProblem) return parentProblem;
        if (RevisionRules.Check(plan, command.Revision) is var rule && rule.IsProblem()) return rule;
        return PlanWrites.Version(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Adds a node (sasaran, program, kegiatan, sub kegiatan or individu) to the plan. Once the Perjanjian Kinerja is signed the addition is a formal revision and needs one.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/plan/nodes", Name = "AddPlanNode")]
    [Tags("Plans")]
    [ProducesResponseType<PlanView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int year, AddPlanNode command, IEventStream<Plan> stream)
    {
        var plan = stream.Aggregate!;
        var added = new PlanNodeAdded(opd, year, "n-" + Guid.CreateVersion7().ToString("N"), command.Level!.Value,
            new NodeCode(command.Code!.Trim(), command.NomenclatureVersion?.Trim()), command.Name!.Trim(),
            command.ParentCode is null ? null : plan.NodeByCode(command.ParentCode.Trim())!.Id,
            command.Responsible?.ToOfficial(), RevisionRules.ToRevision(plan, command.Revision));
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(added);
        return Results.Created($"/api/{tenant}/opds/{opd}/years/{year}/plan", PlanWrites.View(plan.Apply(added), version));
    }

    private static readonly Dictionary<NodeLevel, NodeLevel> ParentLevel = new()
    {
        [NodeLevel.Program] = NodeLevel.Sasaran,
        [NodeLevel.Kegiatan] = NodeLevel.Program,
        [NodeLevel.SubKegiatan] = NodeLevel.Kegiatan,
    };

    private static ProblemDetails? ParentProblem(Plan plan, AddPlanNode command)
    {
        var level = command.Level!.Value;
        var parent = string.IsNullOrWhiteSpace(command.ParentCode) ? null : plan.NodeByCode(command.ParentCode.Trim());
        if (!string.IsNullOrWhiteSpace(command.ParentCode) && parent is null)
            return Problems.Validation(new Problems.FieldError("parentCode", $"no node with code '{command.ParentCode}' in this plan."));
        if (level == NodeLevel.Sasaran && parent is not null)
            return Problems.Validation(new Problems.FieldError("parentCode", "a sasaran strategis is a root: it has no parent."));
        if (ParentLevel.TryGetValue(level, out var expected) && parent?.Level != expected)
            return Problems.Validation(new Problems.FieldError("parentCode",
                $"a {level} node needs a parent {expected} node (got {parent?.Level.ToString() ?? "none"})."));
        if (level == NodeLevel.Individu && parent is null)
            return Problems.Validation(new Problems.FieldError("parentCode", "an individu target needs the node it serves."));
        return null;
    }
}
