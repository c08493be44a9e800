using Sakip.Api.Audit;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Opds;

namespace Sakip.Api.WebConsole;

/// <summary>The filters of the audit page as the form holds them (times in the region's local time).</summary>
public sealed record AuditForm(string? Opd, int? Year, string? Indicator, string? User, string? Role, string? EventType,
    string? From, string? To)
{
    public string Query(string? cursor = null)
    {
        var parts = new (string Key, string? Value)[]
        {
            ("opd", Opd), ("year", Year?.ToString()), ("indicator", Indicator), ("user", User), ("role", Role),
            ("eventType", EventType), ("from", From), ("to", To), ("cursor", cursor),
        }.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}");
        return string.Join("&", parts);
    }
}

/// <summary>The audit trail with the API's filters and keyset paging (AuditQueries), in the caller's scope.</summary>
public partial class AuditTrailPage
{
    public static readonly string[] EventTypes =
    [
        "opd_registered", "opd_renamed", "plan_started", "plan_node_added", "plan_node_changed", "agreement_signed",
        "plan_signatory_assigned", "plan_closed", "plan_reopened", "indicator_defined", "indicator_details_changed", "targets_set",
        "budget_set", "responsible_official_assigned", "realization_submitted", "realization_verified", "realization_returned",
        "inspector_note_added", "scoring_configured", "grade_scale_defined", "tenant_profile_set",
    ];

    public static async Task<IResult> Get(string tenant, string? opd, string? year, string? indicator, string? user, string? role,
        string? eventType, string? from, string? to, string? cursor, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (ConsoleRequest.Integer("year", year) is (_, { } invalid)) return console.Refuse(invalid);
        var form = new AuditForm(Blank(opd), ConsoleRequest.Integer("year", year).Value, Blank(indicator), Blank(user), Blank(role), Blank(eventType), Blank(from), Blank(to));
        var (filter, problem) = Filter(console, form, cursor, null);
        if (problem is not null) return console.Refuse(problem);
        var page = await AuditQueries.Page(AuditQueries.Filtered(console.Session, console.User, filter!), filter!.Cursor, 50, console.Aborted);
        var opds = (await OpdQueries.List(console.Session, console.Aborted))
            .Where(o => !AuditQueries.Before(console.Principal, o.Code).IsProblem()).ToList();
        return console.Page<AuditTrailPage>(new
        {
            Chrome = console.Chrome("Jejak audit", "audit"), Form = form, Page = page, Opds = opds, First = cursor is null,
            Zone = console.Zone, MayNote = !AddInspectorNoteEndpoint.Before(console.Principal).IsProblem(),
        });
    }

    /// <summary>The form as the API's filter, checked by the API's rules (scope first, then the values).</summary>
    public static (AuditFilter? Filter, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem) Filter(ConsoleRequest console, AuditForm form,
        string? cursor, string? format)
    {
        if (AuditQueries.Before(console.Principal, form.Opd) is var denied && denied.IsProblem()) return (null, denied);
        var (start, startError) = console.Instant(form.From);
        var (end, endError) = console.Instant(form.To);
        if (startError is not null || endError is not null)
            return (null, Problems.Validation(new[] { ("from", startError), ("to", endError) }.Where(e => e.Item2 is not null)
                .Select(e => new Problems.FieldError(e.Item1, e.Item2!))));
        var (fromText, toText) = (start?.ToString("O"), end?.ToString("O"));
        if (AuditQueries.Validate(fromText, toText, cursor, null, format) is var invalid && invalid.IsProblem()) return (null, invalid);
        return (new AuditFilter(form.Opd, form.Year, form.Indicator, form.User, form.Role, form.EventType, fromText, toText, cursor,
            null, format), null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
