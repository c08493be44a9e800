using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Wolverine.Http;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

/// <param name="LegalBasis">The document that establishes the Renstra, e.g. a Perbup or an SK Kepala Dinas.</param>
public sealed record SignRenstra(long? ExpectedVersion, LegalBasisInput? LegalBasis, OfficialInput? SignedBy);

public sealed record RenstraSignedView(string Opd, int StartYear, int EndYear, RenstraStatus Status, LegalBasis LegalBasis,
    Official? SignedBy, long Version);

/// <summary>Establishes the Renstra by its legal basis: from then on every change is a Renstra Perubahan.</summary>
public static class SignRenstraEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Plan(user, opd);

    public static Task<IEventStream<RenstraPlan>> LoadAsync(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct) => RenstraWrites.LoadPlan(opd, startYear, endYear, session, ct);

    public static async Task<ProblemDetails> ValidateAsync(string opd, int startYear, int endYear, SignRenstra? command,
        IEventStream<RenstraPlan> stream, IDocumentSession session, CancellationToken ct)
    {
        if (RenstraWrites.PlanExists(stream, opd, startYear, endYear) is var missing && missing.IsProblem()) return missing;
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        return Decide(stream.Aggregate!, command, await HasIndicators(session, opd, startYear, endYear, ct)).Refusals
            .ToProblem(command.ExpectedVersion, stream);
    }

    public static Task<bool> HasIndicators(IQuerySession session, string opd, int startYear, int endYear, CancellationToken ct) =>
        session.Query<RenstraIndicator>().AnyAsync(i => i.Opd == opd && i.StartYear == startYear && i.EndYear == endYear, ct);

    /// <summary>Whether the Renstra may be established as asked, and the event: the one decision the endpoint and the demo loader make.</summary>
    public static (RenstraSigned? Event, IReadOnlyList<Refusal> Refusals) Decide(RenstraPlan plan, SignRenstra command,
        bool hasIndicators)
    {
        var fields = new FieldChecks()
            .Text("legalBasis.type", command.LegalBasis?.Type, 200).Text("legalBasis.number", command.LegalBasis?.Number, 200)
            .When(command.LegalBasis?.Date is null, "legalBasis.date", "is required: the date of the legal document.")
            .Text("signedBy.position", command.SignedBy?.Position, 300, required: false)
            .Text("signedBy.name", command.SignedBy?.Name, 300, required: false);
        if (fields.HasErrors) return (null, fields.ToRefusals("renstra-signing-input"));
        if (plan.IsEstablished)
            return (null, [Refused("renstra-signed-once", $"The Renstra was established by {plan.LegalBasis} already. Later changes are revisions.")]);
        if (!hasIndicators)
            return (null, [Refused("renstra-has-indicators", "The Renstra has no indicator yet: there is nothing to establish.")]);
        return (new RenstraSigned(plan.Opd, plan.StartYear, plan.EndYear, RevisionRules.ToLegalBasis(command.LegalBasis!),
            command.SignedBy?.ToOfficial()), []);
    }

    private static Refusal Refused(string rule, string message) => new(rule, null, message) { Kind = RefusalKind.Refused };

    /// <summary>Establishes the Renstra by its legal basis; from then on every change is a Renstra Perubahan.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/signing", Name = "SignRenstra")]
    [Tags("Renstra")]
    public static RenstraSignedView Post(string opd, int startYear, int endYear, SignRenstra command, IEventStream<RenstraPlan> stream)
    {
        // ValidateAsync refused a Renstra without indicators.
        var signed = Decide(stream.Aggregate!, command, hasIndicators: true).Event!;
        stream.AppendOne(signed);
        return new RenstraSignedView(opd, startYear, endYear, RenstraStatus.Established, signed.LegalBasis, signed.SignedBy,
            (stream.CurrentVersion ?? 0) + 1);
    }
}
