using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Sakip.Api.Infrastructure.Auth;
using Wolverine.Http;

namespace Sakip.Api.Integrity;

/// <summary>
/// One thing verification found wrong: its kind, the event (or the place of a missing one), why, and the OPD-years
/// whose reports it concerns (<c>opd:year</c>, <c>opd:*</c> for all years of an OPD, <c>*</c> for the whole tenant).
/// </summary>
public sealed record IntegrityFinding(string Kind, long? Sequence, Guid? EventId, string? Stream, long? Version, string? EventType,
    string Reason, IReadOnlyList<string> Scopes)
{
    public bool Concerns(string opd, int year) =>
        Scopes.Contains("*") || Scopes.Contains($"{opd}:*") || Scopes.Contains($"{opd}:{year.ToString(CultureInfo.InvariantCulture)}");
}

/// <summary>
/// An event the integrity chain refused to link because its authenticator failed: kept aside with what its row holds
/// (for the Inspektorat), never folded into a read model, report, audit entry or replay.
/// </summary>
public sealed record QuarantinedEvent(string Id, long Sequence, DateTimeOffset RecordedAt, IntegrityFinding Finding,
    string Headers, string Data)
{
    public static string Key(long sequence) => $"quarantine:{sequence:D19}";
}

public static class Quarantine
{
    public const string Unauthenticated = "unauthenticated";
    private const int KeptChars = 4000;

    public static async Task<QuarantinedEvent> Of(NpgsqlDataSource dataSource, string tenant, StoredEvent row, string reason,
        CancellationToken ct)
    {
        var finding = new IntegrityFinding(Unauthenticated, row.Sequence, row.Id, row.Stream, row.Version, row.Type, reason,
            await Scopes(dataSource, tenant, row.Stream, row.Data, ct));
        return new QuarantinedEvent(QuarantinedEvent.Key(row.Sequence), row.Sequence, row.Timestamp, finding, Keep(row.Headers),
            Keep(row.Data));
    }

    private static string Keep(string text) => text.Length <= KeptChars ? text : text[..KeptChars] + " …(truncated)";

    /// <summary>
    /// The OPD-years an event concerns: the one its data names (where a forged row would have been folded) and the one
    /// its stream belongs to (plans name it in their key; an indicator's first event names it).
    /// </summary>
    public static async Task<IReadOnlyList<string>> Scopes(NpgsqlDataSource dataSource, string tenant, string stream, string? data,
        CancellationToken ct)
    {
        var scopes = new List<string>();
        if (Claimed(data) is { } claimed) scopes.Add(claimed);
        var parts = stream.Split(':');
        if (parts is ["plan", var opd, var year]) scopes.Add($"{opd}:{year}");
        else if (parts is ["opd", var code]) scopes.Add($"{code}:*");
        else if (parts is ["ind", ..])
        {
            await using var command = dataSource.CreateCommand(
                $"select data::text from {Infrastructure.EventStore.Schema}.mt_events where tenant_id = $1 and stream_id = $2 order by version limit 1");
            command.Parameters.Add(new NpgsqlParameter { Value = tenant });
            command.Parameters.Add(new NpgsqlParameter { Value = stream });
            if (Claimed(await command.ExecuteScalarAsync(ct) as string) is { } own) scopes.Add(own);
        }

        if (scopes.Count == 0) scopes.Add("*");
        return scopes.Distinct().ToList();
    }

    /// <summary>The <c>opd</c> and <c>year</c> an event's data names, if it names them.</summary>
    public static string? Claimed(string? data)
    {
        if (data is null) return null;
        try
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            var root = document.RootElement;
            var opd = root.TryGetProperty("opd", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var year = root.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number && y.TryGetInt32(out var v)
                ? v.ToString(CultureInfo.InvariantCulture)
                : "*";
            return opd is null ? null : $"{opd}:{year}";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What the Inspektorat is shown: the quarantined events and everything else the last verification found.</summary>
public sealed record QuarantineReport(IReadOnlyList<QuarantinedEvent> QuarantinedEvents, IReadOnlyList<IntegrityFinding> Findings,
    DateTimeOffset? VerifiedAt);

public static class QuarantineEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal principal) =>
        Access.Require(principal, "see the events that failed verification", Roles.Inspector);

    /// <summary>
    /// Events the service refused to vouch for (their authenticator failed: inserted or changed in the database), with
    /// what their rows hold, oldest first; and the other findings of the last verification (deleted events, gaps in a
    /// stream, snapshots that disagree with their stream, breaks in the chain).
    /// </summary>
    [WolverineGet("/api/{tenant}/operations/quarantine", Name = "ListQuarantine")]
    [Tags("Integrity")]
    public static async Task<QuarantineReport> Get(IQuerySession session, CancellationToken ct)
    {
        var quarantined = await session.Query<QuarantinedEvent>().OrderBy(q => q.Sequence).Take(1000).ToListAsync(ct);
        var findings = await session.LoadAsync<IntegrityFindings>(IntegrityFindings.Key, ct);
        return new QuarantineReport(quarantined, findings?.Findings.Where(f => f.Kind != Quarantine.Unauthenticated).ToList() ?? [],
            findings?.VerifiedAt);
    }
}
