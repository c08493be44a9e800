using JasperFx.Events;
using Marten;
using Sakip.Api.Indicators;
using Sakip.Api.Integrity;
using Sakip.Api.Plans;

namespace Sakip.Api.OpdYears;

/// <summary>
/// Replays an OPD-year as it stood at an instant: the events of its scope recorded up to then, in sequence order,
/// folded by <see cref="OpdYear.Step"/> — the function the projection runs — so an as-of read answers exactly
/// what the live read answered at that instant. Only events whose rows verify are folded; the rest come back as
/// rejections for the answer to report.
/// </summary>
public static class OpdYearReplay
{
    /// <summary>The scope's events up to <paramref name="until"/> (all when null), in one query, verified.</summary>
    public static Task<VerifiedEvents> Events(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, CancellationToken ct) => Events(session, keys, opd, year, until, [], ct);

    /// <summary>
    /// The scope's events without the realizations (submitted, verified, returned): for a read of the plan alone, like
    /// the Rencana Aksi, which never shows them — most of an OPD-year's events, left in the database.
    /// </summary>
    public static Task<VerifiedEvents> PlanEvents(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, CancellationToken ct) => Events(session, keys, opd, year, until, RealizationTypeNames(session.DocumentStore), ct);

    /// <summary>The stored names of the event types a plan-only read leaves out (<see cref="OpdYear.RealizationTypes"/>).</summary>
    public static string[] RealizationTypeNames(IDocumentStore store)
    {
        var events = (Marten.Events.EventGraph)store.Options.Events;
        return [.. OpdYear.RealizationTypes.Select(t => events.EventMappingFor(t).EventTypeName)];
    }

    /// <summary>
    /// The streams of an OPD-year's scope: its plan and its indicators. Read on a connection of its own, never the session's,
    /// so a replay may run beside a batch the session is executing.
    /// </summary>
    private static async Task<string[]> Streams(IQuerySession session, string opd, int year, CancellationToken ct)
    {
        // Inline indicator documents are always current, and an indicator never leaves its OPD-year.
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Indicator)).TableName.QualifiedName;
        await using var command = Tenants.TenantDatabases.DataSourceOf(session).CreateCommand(
            $"select id from {table} where tenant_id = $1 and opd = $2 and year = $3");
        command.Parameters.Add(new() { Value = session.TenantId });
        command.Parameters.Add(new() { Value = opd });
        command.Parameters.Add(new() { Value = year });
        var streams = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) streams.Add(reader.GetString(0));
        streams.Add(Plan.StreamKey(opd, year));
        return [.. streams];
    }

    private static async Task<VerifiedEvents> Events(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, string[] exceptTypes, CancellationToken ct)
    {
        var streams = await Streams(session, opd, year, ct);
        return await StoredEvents.Verify(session, keys,
            StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session), session.TenantId, streams, until, null, exceptTypes, ct), ct);
    }

    public static OpdYear? Fold(IEnumerable<IEvent> events) =>
        events.Aggregate((OpdYear?)null, (state, e) => OpdYear.Step(state, e));
}
