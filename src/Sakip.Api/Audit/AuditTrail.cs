using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Sakip.Api.Infrastructure;
using Sakip.Api.Indicators;
using Sakip.Api.Opds;
using Sakip.Api.Plans;

namespace Sakip.Api.Audit;

/// <summary>One recorded change, as an inspector reads it: who, when, what, why, through which request.</summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }
    public long Sequence { get; init; }
    public required string StreamKey { get; init; }
    public long Version { get; init; }
    public required string EventType { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public string? UserRole { get; init; }
    public string? Source { get; init; }
    public string? Reason { get; init; }
    public RevisionKind? RevisionKind { get; init; }
    public LegalBasis? LegalBasis { get; init; }
    public string? CorrelationId { get; init; }
    public string? CausationId { get; init; }
    public required string Summary { get; init; }
}

/// <summary>
/// Kept by the async daemon: the trail is written apart from the command's transaction, so a slow trail
/// never slows a write, and it can be rebuilt from the events at any time.
/// </summary>
public sealed class AuditTrailProjection : IProjection
{
    public const string Name = "audit-trail";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        foreach (var e in events)
            operations.ForTenant(e.TenantId).Store(ToEntry(e));
        return Task.CompletedTask;
    }

    public static AuditEntry ToEntry(IEvent e)
    {
        var author = EventAuthor.Of(e);
        return new AuditEntry
        {
            Id = e.Id.ToString(),
            Sequence = e.Sequence,
            StreamKey = e.StreamKey ?? e.StreamId.ToString(),
            Version = e.Version,
            EventType = e.EventTypeName,
            RecordedAt = e.Timestamp,
            UserId = author.UserId,
            UserName = author.UserName,
            UserRole = author.UserRole,
            Source = author.Source,
            Reason = IndicatorHistory.Why(e),
            RevisionKind = IndicatorHistory.RevisionOf(e.Data)?.Kind,
            LegalBasis = IndicatorHistory.RevisionOf(e.Data)?.LegalBasis,
            CorrelationId = e.CorrelationId,
            CausationId = e.CausationId,
            Summary = Describe(e.Data),
        };
    }

    private static string Describe(object data) => data switch
    {
        OpdRegistered r => $"OPD '{r.Code}' registered as \"{r.Name}\" (urusan {string.Join(", ", r.UrusanCodes)}).",
        OpdRenamed r => $"OPD '{r.Code}' renamed from \"{r.PreviousName}\" to \"{r.Name}\".",
        PlanStarted p => $"Plan of '{p.Opd}' for {p.Year} started as a draft.",
        PlanNodeAdded n => $"{n.Level} {n.Code.Code} \"{n.Name}\" added to the plan of '{n.Opd}' {n.Year}.",
        PlanNodeChanged n => $"Node {n.Code.Code} of the plan of '{n.Opd}' {n.Year} changed to \"{n.Name}\".",
        AgreementSigned a => $"Perjanjian Kinerja {a.DocumentNumber} signed on {a.SignedOn:yyyy-MM-dd}: plan of '{a.Opd}' {a.Year} established.",
        PlanClosed c => $"Year {c.Year} of '{c.Opd}' closed.",
        PlanReopened r => $"Year {r.Year} of '{r.Opd}' reopened on {r.LegalBasis}.",
        IndicatorDefined d => $"Indicator {d.Code} \"{d.Name}\" ({d.Unit}) defined for '{d.Opd}' {d.Year}.",
        IndicatorDetailsChanged d => $"Indicator details changed: \"{d.Name}\" ({d.Unit}).",
        TargetsSet t => $"Targets set: annual {t.Annual?.ToString() ?? "-"}, periods {string.Join(" · ", t.Periods.Select(p => p?.ToString() ?? "-"))}.",
        BudgetSet b => $"Budget set: pagu {b.Pagu:N2}.",
        ResponsibleOfficialAssigned r => $"Responsible official: {r.Official.Position} {r.Official.Name}.",
        _ => data.GetType().Name,
    };

    public static void Configure(StoreOptions opts)
    {
        opts.Projections.Add(new AuditTrailProjection(), ProjectionLifecycle.Async, Name);
        opts.Schema.For<AuditEntry>().Index(x => x.Sequence).Index(x => x.RecordedAt);
    }
}
