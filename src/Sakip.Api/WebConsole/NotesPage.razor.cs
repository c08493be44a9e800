using Sakip.Api.Audit;
using Sakip.Api.Infrastructure.Http;

namespace Sakip.Api.WebConsole;

/// <summary>
/// Inspector notes: the list (the API's InspectorNoteQueries) and the form that adds one to an indicator, a revision or an
/// event, through the API's own rule checks and write (AddInspectorNoteEndpoint). Inspectors only, as in the API.
/// </summary>
public partial class NotesPage
{
    public static async Task<IResult> Get(string tenant, string? about, string? target, string? opd, string? year, string? added,
        HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (InspectorNoteQueries.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        if (ConsoleRequest.Integer("year", year) is (_, { } invalid)) return console.Refuse(invalid);
        return await Render(console, new AddInspectorNote(about ?? "indicator", target, Blank(opd), ConsoleRequest.Integer("year", year).Value,
            null, "medium"), null, added == "true");
    }

    public static async Task<IResult> Post(string tenant, HttpContext http)
    {
        var (console, refusal) = await ConsoleRequest.Open(http, tenant);
        if (console is null) return refusal!;
        await using var _ = console;
        if (AddInspectorNoteEndpoint.Before(console.Principal) is var denied && denied.IsProblem()) return console.Refuse(denied);
        var form = await http.Request.ReadFormAsync(console.Aborted);
        string? Field(string name) => string.IsNullOrWhiteSpace(form[name]) ? null : form[name].ToString();
        var (year, notNumber) = ConsoleRequest.Integer("year", Field("year"));
        var note = new AddInspectorNote(Field("about"), Field("target"), Field("opd"), year, Field("text"), Field("severity"));
        if (notNumber is not null) return await Render(console, note, notNumber, false, StatusCodes.Status400BadRequest);
        await using (var session = console.Writer())
        {
            var subject = await AddInspectorNoteEndpoint.LoadAsync(note, session, console.Keys, console.Aborted);
            if (AddInspectorNoteEndpoint.Validate(note, subject) is var invalid && invalid.IsProblem())
                return await Render(console, note, invalid, false, StatusCodes.Status400BadRequest);
            AddInspectorNoteEndpoint.Post(tenant, note, subject!, session);
            await session.SaveChangesAsync(console.Aborted);
        }

        return Results.Redirect($"/console/{tenant}/notes?target={Uri.EscapeDataString(note.Target!.Trim())}&added=true");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<IResult> Render(ConsoleRequest console, AddInspectorNote form, Microsoft.AspNetCore.Mvc.ProblemDetails? problem,
        bool added, int status = StatusCodes.Status200OK)
    {
        var notes = await InspectorNoteQueries.Get(string.IsNullOrWhiteSpace(form.Target) || problem is not null ? null : form.Target,
            null, console.Session, console.Aborted);
        return console.Page<NotesPage>(new
        {
            Chrome = console.Chrome("Catatan pemeriksa", "notes"), Form = form, Notes = notes, Added = added,
            Errors = problem?.Extensions.TryGetValue("errors", out var e) == true && e is IDictionary<string, string[]> fields
                ? fields
                : new Dictionary<string, string[]>(),
            Zone = console.Zone,
        }, status);
    }
}
