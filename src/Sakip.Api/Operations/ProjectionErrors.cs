using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;
using Sakip.Api.Domain;

namespace Sakip.Api.Operations;

/// <summary>One event an async projection could not apply: skipped (the projection went on) and kept for the operator.</summary>
public sealed record ProjectionError(string Id, string Projection, long Sequence, string? StreamKey, string? EventType,
    string ExceptionType, string Message, DateTimeOffset FailedAt);

public sealed record ReplayReport(int Replayed, int Resolved, IReadOnlyList<ProjectionError> StillFailing);

/// <summary>
/// The "poison pill" side of the async projections. An event whose projection code throws is skipped — the
/// projection carries on with the next one — and recorded by Marten as a dead letter. This lists a tenant's,
/// reports them in <c>/health/ready</c>, and lets an operator replay them once the cause is fixed.
/// </summary>
public static partial class ProjectionErrors
{
    private const string Table = $"{EventStore.Schema}.mt_doc_deadletterevent";

    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "see or replay projection errors", Roles.Inspector);

    /// <summary>Events the read models skipped because their projection code failed on them, newest first.</summary>
    [WolverineGet("/api/{tenant}/operations/projection-errors", Name = "ListProjectionErrors")]
    [Tags("Operations")]
    public static Task<IReadOnlyList<ProjectionError>> Get(string tenant, IQuerySession session, CancellationToken ct) =>
        Infrastructure.Database.Transient.Retry(Tenants.TenantDatabases.DataSourceOf(session),
            () => Read(Tenants.TenantDatabases.DataSourceOf(session), tenant, ct), ct);

    /// <summary>
    /// Replays the skipped events of the OPD-year read model: each affected OPD-year is folded again from all its
    /// events with the skipped ones in their place, by the code running now. Events that apply now leave the list;
    /// those that still fail stay in it (and stay skipped). The audit trail and the integrity chain fold every
    /// event by themselves and do not skip.
    /// </summary>
    [WolverinePost("/api/{tenant}/operations/projection-errors/replay", Name = "ReplayProjectionErrors")]
    [Tags("Operations")]
    public static async Task<ReplayReport> Post(string tenant, IDocumentSession session, Integrity.IntegrityKeys keys,
        ILogger<ReplayReport> logger, CancellationToken ct)
    {
        var data = Tenants.TenantDatabases.DataSourceOf(session);
        var errors = (await Read(data, tenant, ct)).Where(e => e.Projection == OpdYearProjection.ProjectionName).ToList();
        // Only events that verify are replayed: a quarantined one stays out of the read model, as in the projection.
        var poisoned = errors.Count == 0
            ? []
            : (await Integrity.StoredEvents.Verify(session, keys,
                Integrity.StoredEvents.Sequences(data, tenant, errors.Select(x => x.Sequence).ToArray(), ct), ct)).Events;
        var resolved = new List<string>();
        var still = new List<ProjectionError>();
        foreach (var scope in poisoned.Where(e => e.Data is IOpdYearEvent).GroupBy(e => (((IOpdYearEvent)e.Data).Opd, ((IOpdYearEvent)e.Data).Year)))
        {
            var events = (await OpdYearReplay.Events(session, keys, scope.Key.Opd, scope.Key.Year, null, ct)).Events
                .Concat(scope).DistinctBy(e => e.Sequence).OrderBy(e => e.Sequence);
            OpdYear? state = null;
            foreach (var e in events)
            {
                try
                {
                    state = OpdYear.Step(state, e);
                    if (scope.Any(p => p.Sequence == e.Sequence)) resolved.AddRange(errors.Where(x => x.Sequence == e.Sequence).Select(x => x.Id));
                }
                catch (Exception failure) when (scope.Any(p => p.Sequence == e.Sequence))
                {
                    still.AddRange(errors.Where(x => x.Sequence == e.Sequence)
                        .Select(x => x with { ExceptionType = failure.GetType().Name, Message = failure.Message, FailedAt = DateTimeOffset.UtcNow }));
                }
            }

            if (state is not null) session.Store(state);
        }

        await session.SaveChangesAsync(ct);
        if (resolved.Count > 0)
        {
            await using var delete = data.CreateCommand($"delete from {Table} where id = any($1)");
            delete.Parameters.Add(new NpgsqlParameter { Value = resolved.Select(Guid.Parse).ToArray() });
            await delete.ExecuteNonQueryAsync(ct);
        }

        LogReplayed(logger, tenant, errors.Count, resolved.Count);

        return new ReplayReport(errors.Count, resolved.Count, still);
    }

    public static async Task<IReadOnlyList<ProjectionError>> Read(NpgsqlDataSource data, string? tenant, CancellationToken ct)
    {
        var sql = $"""
            select d.id::text, d.data->>'projectionName', (d.data->>'eventSequence')::bigint, e.stream_id, e.type,
                   coalesce(d.data->>'exceptionType', ''), coalesce(d.data->>'exceptionMessage', ''), (d.data->>'timestamp')::timestamptz
            from {Table} d left join {EventStore.Schema}.mt_events e on e.seq_id = (d.data->>'eventSequence')::bigint
            where $1::text is null or d.data->>'tenantId' = $1
            order by 3 desc limit 500
            """;
        await using var command = data.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var errors = new List<ProjectionError>();
        if (!await TableExists(data, ct)) return errors;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            errors.Add(new ProjectionError(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return errors;
    }

    /// <summary>Skipped events per projection, for the health check.</summary>
    public static async Task<Dictionary<string, long>> Counts(NpgsqlDataSource data, CancellationToken ct)
    {
        await using var command = data.CreateCommand(
            $"select data->>'projectionName', count(*) from {Table} group by 1");
        var counts = new Dictionary<string, long>();
        if (!await TableExists(data, ct)) return counts;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static async Task<bool> TableExists(NpgsqlDataSource data, CancellationToken ct)
    {
        await using var command = data.CreateCommand($"select to_regclass('{Table}') is not null");
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection errors of tenant {Tenant} replayed: {Replayed} tried, {Resolved} resolved")]
    private static partial void LogReplayed(ILogger logger, string tenant, int replayed, int resolved);
}
