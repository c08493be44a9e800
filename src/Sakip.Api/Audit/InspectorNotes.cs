using System.Security.Claims;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Sakip.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Audit;

/// <summary>An inspector's finding about an event, an indicator or a revision (by its legal basis number).</summary>
public sealed record InspectorNoteAdded(string NoteId, string About, string Target, string? Opd, int? Year, string Text,
    string Severity);

public sealed partial record InspectorNote(string Id, string About, string Target, string? Opd, int? Year, string Text,
    string Severity, DateTimeOffset RecordedAt, string? UserId, string? UserName)
{
    public static InspectorNote Create(IEvent<InspectorNoteAdded> e)
    {
        var author = EventAuthor.Of(e);
        return new InspectorNote("note:" + e.Data.NoteId, e.Data.About, e.Data.Target, e.Data.Opd, e.Data.Year, e.Data.Text,
            e.Data.Severity, e.RecordedAt(), author.UserId, author.UserName);
    }
}

/// <param name="About">event (an event id), indicator (an indicator id or code) or revision (a legal basis number).</param>
/// <param name="Severity">low, medium or high.</param>
public sealed record AddInspectorNote([property: Required] string? About, [property: Required] string? Target, string? Opd, int? Year, [property: Required] string? Text, [property: Required] string? Severity);

/// <summary>What a note is about, as found in this tenant (null when the target is not there).</summary>
public sealed record NoteSubject(string? Opd, int? Year);

public static partial class AddInspectorNoteEndpoint
{
    private static readonly string[] Abouts = ["event", "indicator", "revision"];
    private static readonly string[] Severities = ["low", "medium", "high"];

    public static ProblemDetails Before(ClaimsPrincipal principal) => Access.Require(principal, "write audit notes", Roles.Inspector);

    /// <summary>
    /// The target must exist in this tenant: an event (its id), an indicator (its id, or its code with opd and year) or a
    /// revision (its legal basis number, with opd and year). A note never points at nothing, or into another tenant.
    /// </summary>
    public static async Task<NoteSubject?> LoadAsync(AddInspectorNote note, IDocumentSession session, Integrity.IntegrityKeys integrity,
        CancellationToken ct)
    {
        var target = note.Target?.Trim();
        if (string.IsNullOrEmpty(target) || target.Length > 200 || note.Year is < 2000 or > 2100) return null;
        switch (note.About)
        {
            case "event" when Guid.TryParse(target, out var id):
                var e = await session.Events.QueryAllRawEvents().Where(x => x.Id == id).FirstOrDefaultAsync(ct);
                return e is null ? null : new NoteSubject((e.Data as Domain.IOpdYearEvent)?.Opd, (e.Data as Domain.IOpdYearEvent)?.Year);
            case "indicator":
                var indicator = await session.LoadAsync<Indicators.Indicator>(Indicators.Indicator.StreamKey(target), ct);
                if (indicator is null && note.Opd is { } opd && note.Year is { } year)
                    indicator = await session.Query<Indicators.Indicator>()
                        .FirstOrDefaultAsync(i => i.Opd == opd && i.Year == year && i.Code == target, ct);
                return indicator is null ? null : new NoteSubject(indicator.Opd, indicator.Year);
            case "revision" when note.Opd is { } revisionOpd && note.Year is { } revisionYear:
                var events = (await OpdYears.OpdYearReplay.Events(session, integrity, revisionOpd, revisionYear, null, ct)).Events;
                return events.Any(x => Indicators.IndicatorHistory.RevisionOf(x.Data)?.LegalBasis.Number == target ||
                                       x.Data is Plans.PlanReopened r && r.LegalBasis.Number == target)
                    ? new NoteSubject(revisionOpd, revisionYear)
                    : null;
            default:
                return null;
        }
    }

    public static ProblemDetails Validate(AddInspectorNote note, NoteSubject? subject)
    {
        var checks = new FieldChecks()
            .When(note.About is null || !Abouts.Contains(note.About), "about", "must be event, indicator or revision.")
            .Required("target", note.Target, 200)
            .Required("text", note.Text, 8000)
            .When(note.Severity is null || !Severities.Contains(note.Severity), "severity", "must be low, medium or high.")
            .Matches("opd", note.Opd, OpdCode(), "must be an OPD code (lowercase letters, digits and '-').")
            .When(note.Year is < 2000 or > 2100, "year", "must be a fiscal year between 2000 and 2100.")
            .When(note.About == "revision" && (note.Opd is null || note.Year is null), "opd",
                "and year are required for a note about a revision (its legal basis number is unique per OPD-year).");
        if (checks.HasErrors) return checks.Result();
        if (subject is null)
            return Problems.Validation(new Problems.FieldError("target",
                $"no {note.About} '{note.Target!.Trim()}' in this tenant{(note.Opd is null ? "" : $" (OPD '{note.Opd}', {note.Year})")}."));
        return subject.Opd is not null && note.Opd is not null && subject.Opd != note.Opd.Trim()
            ? Problems.Validation(new Problems.FieldError("opd", $"the {note.About} belongs to OPD '{subject.Opd}'."))
            : WolverineContinue.NoProblems;
    }

    /// <summary>Attaches a finding; notes are events too, so they appear in the audit trail (hidden from analysts).</summary>
    [WolverinePost("/api/{tenant}/notes", Name = "AddInspectorNote")]
    [Tags("Audit")]
    public static IResult Post(string tenant, AddInspectorNote note, NoteSubject subject, IDocumentSession session)
    {
        var id = Guid.CreateVersion7().ToString();
        session.Events.StartStream("note:" + id, new InspectorNoteAdded(id, note.About!, note.Target!.Trim(),
            subject.Opd ?? note.Opd?.Trim(), subject.Year ?? note.Year, note.Text!.Trim(), note.Severity!));
        return Results.Created($"/api/{tenant}/notes?target={Uri.EscapeDataString(note.Target.Trim())}", new { id });
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex OpdCode();
}

public static class InspectorNoteQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal) => Access.Require(principal, "read audit notes", Roles.Inspector);

    /// <summary>The inspectors' notes, newest first, by target or OPD (inspectors and admins).</summary>
    [WolverineGet("/api/{tenant}/notes", Name = "ListInspectorNotes")]
    [Tags("Audit")]
    public static async Task<IReadOnlyList<InspectorNote>> Get(string? target, string? opd, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<InspectorNote>().AsQueryable();
        if (target is not null) query = query.Where(n => n.Target == target);
        if (opd is not null) query = query.Where(n => n.Opd == opd);
        return await query.OrderByDescending(n => n.RecordedAt).ToListAsync(ct);
    }

    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<InspectorNoteAdded>("inspector_note_added");
        opts.Projections.Snapshot<InspectorNote>(SnapshotLifecycle.Inline);
    }
}
