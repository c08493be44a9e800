using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <param name="DocumentNumber">The Perjanjian Kinerja's document number.</param>
/// <param name="SignedOn">The date it was signed.</param>
public sealed record SignAgreement([property: Required] long? ExpectedVersion, [property: Required] string? DocumentNumber, [property: Required] DateOnly? SignedOn, OfficialInput? SignedBy);

/// <summary>Establishes the plan: from now on every change is a formal revision (Perubahan).</summary>
public static class SignAgreementEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) =>
        Access.RequireForOpd(user, opd, "establish plans", Roles.Planner);

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, SignAgreement command, IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        return Decide(stream.Aggregate!, command).Refusals.ToProblem(command.ExpectedVersion, stream);
    }

    /// <summary>
    /// Whether the plan may be signed as asked, and the event that signs it: the one decision the endpoint and the
    /// demo loader make (the expected version is checked where the stream is loaded).
    /// </summary>
    public static (AgreementSigned? Event, IReadOnlyList<Refusal> Refusals) Decide(Plan plan, SignAgreement command)
    {
        var checks = new FieldChecks()
            .Required("documentNumber", command.DocumentNumber, 200)
            .When(command.SignedOn is null, "signedOn", "is required: the date the agreement was signed.");
        OfficialChecks.Check(checks, "signedBy.", command.SignedBy?.Position, command.SignedBy?.Name, command.SignedBy?.Nip);
        if (checks.HasErrors) return (null, checks.ToRefusals("agreement-input"));
        if (plan.Status != PlanStatus.Draft)
            return (null, [Refused("agreement-signed-once", $"The plan is {plan.Status.ToString().ToLowerInvariant()}: its agreement " +
                                                            $"{plan.AgreementNumber} was signed already. Later changes are revisions.")]);
        if (plan.Nodes.Count == 0)
            return (null, [Refused("agreement-has-nodes", "The plan has no nodes yet: there is nothing to agree on.")]);
        return (new AgreementSigned(plan.Opd, plan.Year, command.DocumentNumber!.Trim(), command.SignedOn!.Value,
            command.SignedBy?.ToOfficial()), []);
    }

    private static Refusal Refused(string rule, string message) => new(rule, null, message) { Kind = RefusalKind.Refused };

    /// <summary>Signs the Perjanjian Kinerja: the plan becomes established and every later change is a formal revision (Perubahan).</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/plan/agreement", Name = "SignAgreement")]
    [Tags("Plans")]
    public static PlanView Post(string opd, int year, SignAgreement command, IEventStream<Plan> stream)
    {
        var signed = Decide(stream.Aggregate!, command).Event!;
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(signed);
        return PlanWrites.View(stream.Aggregate! with
        {
            Status = PlanStatus.Established, AgreementNumber = signed.DocumentNumber, AgreementSignedOn = signed.SignedOn,
        }, version);
    }
}
