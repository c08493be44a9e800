using System.Security.Claims;
using System.Text.RegularExpressions;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <param name="Signatory">The head of the agency: position as printed (e.g. "Kepala Dinas Perdagangan ... Kabupaten
/// Buleleng"), name with titles, and NIP (18 digits; spaces allowed).</param>
/// <param name="Reason">Why, e.g. the decree that appointed the new head.</param>
/// <param name="ExpectedVersion">The plan version the change is based on (from GET).</param>
public sealed record AssignSignatory([property: Required] long? ExpectedVersion, [property: Required] OfficialInput? Signatory,
    [property: Required] string? Reason);

/// <summary>Names who signs the plan's documents; in any state but a closed year (which accepts no change).</summary>
public static partial class AssignSignatoryEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "name the signatory of plans", Roles.Planner);

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, AssignSignatory command, IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        return Decide(stream.Aggregate!, command).Refusals.ToProblem(command.ExpectedVersion, stream);
    }

    /// <summary>Whether the signatory may be named as asked, and the event: the one decision the endpoint and the demo loader make.</summary>
    public static (PlanSignatoryAssigned? Event, IReadOnlyList<Refusal> Refusals) Decide(Plan plan, AssignSignatory command)
    {
        var nip = Digits(command.Signatory?.Nip);
        var checks = new FieldChecks()
            .Required("signatory.position", command.Signatory?.Position, 300)
            .Required("signatory.name", command.Signatory?.Name, 200)
            .When(nip is not null && !Nip().IsMatch(nip), "signatory.nip",
                "must be the 18 digits of a NIP, e.g. 19741014 199311 1 001.")
            .Required("reason", command.Reason, 2000);
        if (checks.HasErrors) return (null, checks.ToRefusals("signatory-input"));
        if (plan.Status == PlanStatus.Closed)
            return (null, [new Refusal("closed-year", null, "The year is closed: it accepts no change except through an audited reopening.")
                { Kind = RefusalKind.Refused }]);
        return (new PlanSignatoryAssigned(plan.Opd, plan.Year,
            new Official(command.Signatory!.Position!.Trim(), command.Signatory.Name!.Trim(), nip)), []);
    }

    /// <summary>Names the head of the agency who signs the plan's documents (planner of the OPD, admin), with the reason.</summary>
    [WolverinePut("/api/{tenant}/opds/{opd}/years/{year}/plan/signatory", Name = "AssignSignatory")]
    [Tags("Plans")]
    [ProducesResponseType<PlanView>(StatusCodes.Status200OK)]
    public static PlanView Put(string opd, int year, AssignSignatory command, IEventStream<Plan> stream, IDocumentSession session)
    {
        var assigned = Decide(stream.Aggregate!, command).Event!;
        session.SetHeader(EventHeaders.Reason, command.Reason!.Trim());
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(assigned);
        return PlanWrites.View(stream.Aggregate! with { Signatory = assigned.Signatory }, version);
    }

    private static string? Digits(string? nip) =>
        string.IsNullOrWhiteSpace(nip) ? null : new string(nip.Where(c => !char.IsWhiteSpace(c)).ToArray());

    [GeneratedRegex(@"^\d{18}$")]
    private static partial Regex Nip();
}
