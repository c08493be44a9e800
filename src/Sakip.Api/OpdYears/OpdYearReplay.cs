using System.Globalization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Integrity;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;

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
        DateTimeOffset? until, CancellationToken ct) => Events(session, keys, opd, year, until, RealizationTypes(session.DocumentStore), ct);

    private static string[] RealizationTypes(IDocumentStore store)
    {
        var events = (Marten.Events.EventGraph)store.Options.Events;
        return [.. new[] { typeof(RealizationSubmitted), typeof(RealizationVerified), typeof(RealizationReturned) }
            .Select(t => events.EventMappingFor(t).EventTypeName)];
    }

    private static async Task<VerifiedEvents> Events(IQuerySession session, IntegrityKeys keys, string opd, int year,
        DateTimeOffset? until, string[] exceptTypes, CancellationToken ct)
    {
        // Inline indicator documents are always current, and an indicator never leaves its OPD-year.
        var indicatorKeys = await session.Query<Indicator>().Where(i => i.Opd == opd && i.Year == year)
            .Select(i => i.Id).ToListAsync(ct);
        var streams = indicatorKeys.Append(Plan.StreamKey(opd, year)).ToArray();
        return await StoredEvents.Verify(session, keys,
            StoredEvents.Streams(Tenants.TenantDatabases.DataSourceOf(session), session.TenantId, streams, until, null, exceptTypes, ct), ct);
    }

    public static OpdYear? Fold(IEnumerable<IEvent> events) =>
        events.Aggregate((OpdYear?)null, (state, e) => OpdYear.Step(state, e));
}

/// <summary>Reads the <c>asOf</c> query value: an ISO-8601 instant with its offset, e.g. 2022-10-01T00:00:00+08:00.</summary>
public static class AsOfParameter
{
    public static ProblemDetails Check(string field, string? value) =>
        value is null || TryParse(value, out _)
            ? Wolverine.Http.WolverineContinue.NoProblems
            : Problems.Validation(new Problems.FieldError(field,
                $"'{value}' is not an ISO-8601 instant with an offset, e.g. 2022-10-01T00:00:00Z or 2022-10-01T08:00:00+08:00."));

    /// <summary>The instant in UTC: PostgreSQL compares timestamptz, and Npgsql writes only offset 0.</summary>
    public static DateTimeOffset? Parse(string? value) => value is not null && TryParse(value, out var t) ? t.ToUniversalTime() : null;

    private static bool TryParse(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant) &&
        (value.EndsWith('Z') || value.EndsWith('z') || value.Length > 19 && value[^6] is '+' or '-');
}
