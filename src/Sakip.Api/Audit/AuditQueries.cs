using System.Globalization;
using System.Security.Claims;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

/// <summary>Filters of the audit trail, all optional; <c>from</c>/<c>to</c> are ISO-8601 instants.</summary>
public sealed record AuditFilter(string? Opd, int? Year, string? Indicator, string? User, string? Role, string? EventType,
    string? From, string? To, string? Cursor, int? Limit, string? Format);

public static class AuditQueries
{
    public const int MaxExportRows = 100_000;

    /// <summary>Who may read the trail, and of which OPD: <see cref="Access.ReadChanges"/>.</summary>
    public static ProblemDetails Before(ClaimsPrincipal principal, string? opd) => Access.ReadChanges(principal, opd);

    public static ProblemDetails Validate(string? from, string? to, string? cursor, int? limit, string? format)
    {
        if (AsOfParameter.Check("from", from) is var f && f.IsProblem()) return f;
        if (AsOfParameter.Check("to", to) is var t && t.IsProblem()) return t;
        return new FieldChecks()
            .When(cursor is not null && !long.TryParse(cursor, out _), "cursor", "is not a cursor returned by this endpoint.")
            .When(limit is < 1 or > 500, "limit", "must be 1 to 500.")
            .When(format is not null and not ("json" or "csv" or "xlsx"), "format", "must be json, csv or xlsx.")
            .Result();
    }

    /// <summary>
    /// The tenant's recorded changes, newest first, filtered by opd, year, indicator (code or id), user, role,
    /// eventType and recorded time (from, to); paged by cursor (nextCursor of the previous page), or exported with
    /// format=csv|xlsx.
    /// </summary>
    [WolverineGet("/api/{tenant}/audit", Name = "AuditTrail")]
    [Tags("Audit")]
    [ProducesResponseType<AuditPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? opd, int? year, string? indicator, string? user, string? role,
        string? eventType, string? from, string? to, string? cursor, int? limit, string? format, ClaimsPrincipal principal,
        IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var filter = new AuditFilter(opd, year, indicator, user, role, eventType, from, to, cursor, limit, format);
        var caller = SakipUser.From(principal)!;
        var scope = Access.ReadScope(caller, filter.Opd);
        // Entries exist only for authenticated events; the answer says when the record behind them failed verification.
        (await (scope is null ? Integrity.IntegrityNotice.ForTenant(session, ct)
            : filter.Year is { } y ? Integrity.IntegrityNotice.For(session, scope, y, [], ct)
            : Integrity.IntegrityNotice.ForOpd(session, scope, ct))).Write(context);
        var query = Filtered(session, caller, filter);
        if (filter.Format is "csv" or "xlsx")
        {
            var all = await Export(query, ct);
            return filter.Format == "csv"
                ? Results.File(AuditExport.CsvBytes(all), "text/csv; charset=utf-8", "audit-trail.csv")
                : Results.File(AuditExport.Xlsx(all), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "audit-trail.xlsx");
        }

        return Results.Ok(await Page(query, filter.Cursor, filter.Limit, ct));
    }

    /// <summary>The caller's part of the trail (its OPD for OPD roles; no inspector notes but for inspectors), filtered.</summary>
    public static IQueryable<AuditEntry> Filtered(IQuerySession session, SakipUser caller, AuditFilter filter)
    {
        var scope = Access.ReadScope(caller, filter.Opd);
        var query = session.Query<AuditEntry>().AsQueryable();
        if (scope is not null) query = query.Where(e => e.Opd == scope);
        if (caller.Role is not (Roles.Admin or Roles.Inspector)) query = query.Where(e => e.EventType != "inspector_note_added");
        if (filter.Year is { } fiscalYear) query = query.Where(e => e.Year == fiscalYear);
        if (filter.Indicator is { } code) query = query.Where(e => e.IndicatorCode == code || e.IndicatorId == code);
        if (filter.User is { } userId) query = query.Where(e => e.UserId == userId);
        if (filter.Role is { } userRole) query = query.Where(e => e.UserRole == userRole);
        if (filter.EventType is { } type) query = query.Where(e => e.EventType == type);
        if (AsOfParameter.Parse(filter.From) is { } start) query = query.Where(e => e.RecordedAt >= start);
        if (AsOfParameter.Parse(filter.To) is { } end) query = query.Where(e => e.RecordedAt <= end);
        return query;
    }

    public static async Task<IReadOnlyList<AuditEntry>> Export(IQueryable<AuditEntry> query, CancellationToken ct) =>
        await query.OrderByDescending(e => e.Sequence).Take(MaxExportRows).ToListAsync(ct);

    /// <summary>Keyset on the event sequence: new changes get higher sequences, so later pages never shift.</summary>
    public static async Task<AuditPage> Page(IQueryable<AuditEntry> query, string? cursor, int? limit, CancellationToken ct)
    {
        if (long.TryParse(cursor, out var after)) query = query.Where(e => e.Sequence < after);
        var take = limit ?? 50;
        var page = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        return new AuditPage(page.Take(take).ToList(),
            page.Count > take ? page[take - 1].Sequence.ToString(CultureInfo.InvariantCulture) : null);
    }
}

public static class AuditExport
{
    public static readonly string[] Columns =
    [
        "recorded_at", "user_id", "user_name", "user_role", "opd", "year", "subject", "indicator_code", "indicator_name",
        "event_type", "summary", "changes", "reason", "revision_kind", "legal_basis", "source", "import_file", "import_row",
        "correlation_id", "event_id", "stream", "version", "sequence",
    ];

    private static string?[] Values(AuditEntry e) =>
    [
        e.RecordedAt.ToString("O", CultureInfo.InvariantCulture), e.UserId, e.UserName, e.UserRole, e.Opd,
        e.Year?.ToString(CultureInfo.InvariantCulture), e.Subject, e.IndicatorCode, e.IndicatorName, e.EventType, e.Summary,
        string.Join("; ", e.Changes.Select(c => $"{c.Field}: {c.Before ?? "-"} → {c.After ?? "-"}")), e.Reason,
        e.RevisionKind?.ToString(), e.LegalBasis?.ToString(), e.Source, e.ImportFile, e.ImportRow, e.CorrelationId, e.Id,
        e.StreamKey, e.Version.ToString(CultureInfo.InvariantCulture), e.Sequence.ToString(CultureInfo.InvariantCulture),
    ];

    public static byte[] CsvBytes(IEnumerable<AuditEntry> entries) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(entries))).ToArray();

    public static string Csv(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var entry in entries) csv.AppendJoin(',', Values(entry).Select(Quote)).Append("\r\n");
        return csv.ToString();
    }

    public static byte[] Xlsx(IEnumerable<AuditEntry> entries)
    {
        var rows = entries.Select(e => Columns.Zip(Values(e)).ToDictionary(p => p.First, p => (object?)p.Second)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Count > 0 ? rows : [Columns.ToDictionary(c => c, _ => (object?)null)], sheetName: "Audit trail");
        return stream.ToArray();
    }

    private static string Quote(string? value)
    {
        if (value is null) return "";
        value = Defused(value);
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first: text from imports, reasons, legal bases
    /// may start so) gets a leading apostrophe, which spreadsheets show as text (OWASP "CSV injection").
    /// </summary>
    public static string Defused(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
