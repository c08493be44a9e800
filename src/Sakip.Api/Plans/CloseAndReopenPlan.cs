using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Domain;

namespace Sakip.Api.Plans;

public sealed record ClosePlan([property: Required] long? ExpectedVersion, [property: Required] string? Reason);

public sealed record ReopenPlan([property: Required] long? ExpectedVersion, [property: Required] string? Reason, [property: Required] LegalBasisInput? LegalBasis);

/// <summary>Closing a year freezes it; only an admin may close or reopen, and a reopening is always audited.</summary>
public static class ClosePlanEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "close a year");

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, ClosePlan command, IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        var checks = new FieldChecks().RequiredVersion("expectedVersion", command.ExpectedVersion)
            .Required("reason", command.Reason, 2000);
        if (checks.HasErrors) return checks.Result();
        if (!stream.Aggregate!.IsEstablished)
            return Problems.Unprocessable("Only an established plan can be closed.");
        return PlanWrites.Version(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Closes the year (admin only): it then accepts no change until an audited reopening.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/plan/closure", Name = "ClosePlan")]
    [Tags("Plans")]
    public static PlanView Post(string opd, int year, ClosePlan command, IEventStream<Plan> stream)
    {
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(new PlanClosed(opd, year, command.Reason!.Trim()));
        return PlanWrites.View(stream.Aggregate! with { Status = PlanStatus.Closed }, version);
    }
}

public static class ReopenPlanEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "reopen a closed year");

    public static Task<IEventStream<Plan>> LoadAsync(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        PlanWrites.Load(opd, year, session, ct);

    public static ProblemDetails Validate(string opd, int year, ReopenPlan command, IEventStream<Plan> stream)
    {
        if (PlanWrites.Exists(stream, opd, year) is var missing && missing.IsProblem()) return missing;
        var checks = new FieldChecks().RequiredVersion("expectedVersion", command.ExpectedVersion)
            .Required("reason", command.Reason, 2000)
            .Required("legalBasis.type", command.LegalBasis?.Type, 100)
            .Required("legalBasis.number", command.LegalBasis?.Number, 200)
            .When(command.LegalBasis?.Date is null, "legalBasis.date", "is required.");
        if (checks.HasErrors) return checks.Result();
        if (stream.Aggregate!.Status != PlanStatus.Closed)
            return Problems.Unprocessable("Only a closed year can be reopened.");
        return PlanWrites.Version(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Reopens a closed year (admin only), with a reason and legal basis; changes made while reopened are flagged.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/years/{year}/plan/reopening", Name = "ReopenPlan")]
    [Tags("Plans")]
    public static PlanView Post(string opd, int year, ReopenPlan command, IEventStream<Plan> stream)
    {
        var version = (stream.CurrentVersion ?? 0) + 1;
        var basis = command.LegalBasis!;
        stream.AppendOne(new PlanReopened(opd, year, command.Reason!.Trim(),
            new LegalBasis(basis.Type!.Trim(), basis.Number!.Trim(), basis.Date!.Value)));
        return PlanWrites.View(stream.Aggregate! with { Status = PlanStatus.Established, Reopened = true }, version);
    }
}
