using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.Integrity;

/// <summary>The configured database: all tenants' in shared mode, the tenant list in database-per-tenant mode.</summary>
public sealed record EventsDataSource(NpgsqlDataSource DataSource);

public static class IntegrityEndpoints
{
    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "verify the integrity of the record", Roles.Inspector);

    /// <summary>
    /// Re-verifies the tenant's record from its first event — every event's authenticator, every stream's versions,
    /// every inline snapshot, the chain of links — and reports the first thing found wrong, every finding (the first
    /// 200), how many events were checked, are quarantined and are still pending; <c>opd</c>+<c>year</c> or
    /// <c>from</c>/<c>to</c> narrow what is counted (the record is always checked from the start). The result is kept:
    /// reports of the OPD-years it concerns say so until the next verification.
    /// </summary>
    [WolverineGet("/api/{tenant}/integrity", Name = "VerifyIntegrity")]
    [Tags("Integrity")]
    public static async Task<IResult> Get(string tenant, string? opd, int? year, string? from, string? to,
        IQuerySession session, IDocumentStore store, IntegrityKeys keys, CancellationToken ct)
    {
        if (AsOfParameter.Check("from", from) is var f && f.IsProblem()) return Results.Problem(f);
        if (AsOfParameter.Check("to", to) is var t && t.IsProblem()) return Results.Problem(t);
        HashSet<string>? streams = null;
        if (opd is not null && year is { } y)
            streams = (await OpdYearReplay.Events(session, keys, opd, y, null, ct)).Events.Select(e => e.StreamKey!).ToHashSet();
        var (start, end) = (AsOfParameter.Parse(from), AsOfParameter.Parse(to));
        bool InScope(StoredEvent e) => (streams is null || streams.Contains(e.Stream)) &&
                                       (start is null || e.Timestamp >= start) && (end is null || e.Timestamp <= end);
        var data = Tenants.TenantDatabases.DataSourceOf(session);
        var report = await Infrastructure.Database.Transient.Retry(data,
            () => IntegrityVerifier.Verify(session, data, keys, tenant, InScope, null, ct), ct);
        await IntegrityVerifier.Record(store, tenant, report, ct);
        return Results.Ok(report);
    }

    /// <summary>Verifies the chain and that the history up to a receipt (a checkpoint kept outside) is unchanged.</summary>
    [WolverinePost("/api/{tenant}/integrity/verification", Name = "VerifyIntegrityAgainstReceipt")]
    [Tags("Integrity")]
    public static async Task<IntegrityReport> Post(string tenant, Checkpoint receipt, IQuerySession session,
        IDocumentStore store, IntegrityKeys keys, CancellationToken ct)
    {
        var data = Tenants.TenantDatabases.DataSourceOf(session);
        var report = await Infrastructure.Database.Transient.Retry(data,
            () => IntegrityVerifier.Verify(session, data, keys, tenant, null, receipt, ct), ct);
        await IntegrityVerifier.Record(store, tenant, report, ct);
        return report;
    }
}

public static class CheckpointEndpoints
{
    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "issue or download integrity checkpoints", Roles.Inspector);

    /// <summary>Issues a signed checkpoint of the chain's current head, to be kept outside the system.</summary>
    [WolverinePost("/api/{tenant}/integrity/checkpoints", Name = "IssueCheckpoint")]
    [Tags("Integrity")]
    public static async Task<Checkpoint> Post(string tenant, IDocumentSession session, IntegrityKeys keys, CancellationToken ct)
    {
        var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct) ?? new IntegrityHead(IntegrityHead.Key, 0, null);
        var checkpoint = Checkpoints.Issue(keys, tenant, head, DateTimeOffset.UtcNow);
        session.Store(checkpoint);
        return checkpoint;
    }

    /// <summary>The signed checkpoints issued for this tenant, newest first.</summary>
    [WolverineGet("/api/{tenant}/integrity/checkpoints", Name = "ListCheckpoints")]
    [Tags("Integrity")]
    public static Task<IReadOnlyList<Checkpoint>> Get(IQuerySession session, CancellationToken ct) =>
        session.Query<Checkpoint>().OrderByDescending(c => c.IssuedAt).ToListAsync(ct);
}
