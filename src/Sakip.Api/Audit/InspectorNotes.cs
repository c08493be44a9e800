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
public sealed record AddInspectorNote(string? About, string? Target, string? Opd, int? Year, string? Text, string? Severity);

public static class AddInspectorNoteEndpoint
{
    private static readonly string[] Abouts = ["event", "indicator", "revision"];
    private static readonly string[] Severities = ["low", "medium", "high"];

    public static ProblemDetails Before(ClaimsPrincipal principal) => Access.Require(principal, "write audit notes", Roles.Inspector);

    public static ProblemDetails Validate(AddInspectorNote note) => new FieldChecks()
        .When(note.About is null || !Abouts.Contains(note.About), "about", "must be event, indicator or revision.")
        .Required("target", note.Target, 200)
        .Required("text", note.Text, 8000)
        .When(note.Severity is null || !Severities.Contains(note.Severity), "severity", "must be low, medium or high.")
        .Result();

    /// <summary>Attaches a finding; notes are events too, so they appear in the audit trail (hidden from analysts).</summary>
    [WolverinePost("/api/{tenant}/notes", Name = "AddInspectorNote")]
    [Tags("Audit")]
    public static IResult Post(string tenant, AddInspectorNote note, IDocumentSession session)
    {
        var id = Guid.CreateVersion7().ToString();
        session.Events.StartStream("note:" + id, new InspectorNoteAdded(id, note.About!, note.Target!.Trim(), note.Opd,
            note.Year, note.Text!.Trim(), note.Severity!));
        return Results.Created($"/api/{tenant}/notes?target={Uri.EscapeDataString(note.Target.Trim())}", new { id });
    }
}

public static class InspectorNoteQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal) => Access.Require(principal, "read audit notes", Roles.Inspector);

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
