using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Plans;

/// <summary>What every write to a plan stream shares: loading it for writing and the optimistic version check.</summary>
public static class PlanWrites
{
    public static Task<IEventStream<Plan>> Load(string opd, int year, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Plan>(Plan.StreamKey(opd, year), ct);

    public static ProblemDetails Exists(IEventStream<Plan> stream, string opd, int year) =>
        stream.Aggregate is null
            ? Problems.NotFound($"No plan for '{opd}' in {year}: start it with POST .../years/{year}/plan.")
            : WolverineContinue.NoProblems;

    public static ProblemDetails Version(IEventStream<Plan> stream, long expected) =>
        ExpectedVersion.Check(expected, stream);

    public static PlanView View(Plan plan, long version) => PlanView.From(plan with { Version = (int)version });
}

public sealed record PlanView(string Opd, int Year, PlanStatus Status, bool Reopened, string? AgreementNumber,
    DateOnly? AgreementSignedOn, DateTimeOffset? EstablishedAt, IReadOnlyList<PlanNode> Nodes, long Version)
{
    /// <summary>Who signs the plan's documents (Kepala Dinas), when assigned.</summary>
    public Official? Signatory { get; init; }

    public static PlanView From(Plan p) => new(p.Opd, p.Year, p.Status, p.Reopened, p.AgreementNumber,
        p.AgreementSignedOn, p.EstablishedAt, p.Nodes, p.Version) { Signatory = p.Signatory };
}
