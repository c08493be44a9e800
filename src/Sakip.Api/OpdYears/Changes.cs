using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Wolverine.Http;
using Sakip.Api.Domain;

namespace Sakip.Api.OpdYears;

public sealed record ChangeEvent(long Sequence, long Version, DateTimeOffset RecordedAt, string EventType,
    string? UserId, string? UserName, string? UserRole, string? CorrelationId, string? Reason, RevisionKind? RevisionKind,
    LegalBasis? LegalBasis);

public sealed record ValueChange(string Field, string? Before, string? After, IReadOnlyList<ChangeEvent> Events);

public sealed record SubjectChanges(string Subject, string? IndicatorId, string? Code, string? Name,
    IReadOnlyList<ValueChange> Changes);

public sealed record ChangesReport(string Opd, int Year, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<SubjectChanges> Subjects);

/// <summary>
/// What changed in an OPD-year between two instants: per plan value and per indicator value, the value at
/// <c>from</c> and at <c>to</c>, with the events (author, reason, legal basis) that changed it in between.
/// </summary>
public static class ChangesQuery
{
    public static ProblemDetails Before(System.Security.Claims.ClaimsPrincipal principal, string opd) =>
        Infrastructure.Auth.Access.ReadChanges(principal, opd);

    public static ProblemDetails Validate(string? from, string? to)
    {
        if (from is null) return Problems.Validation(new Problems.FieldError("from", "is required: an ISO-8601 instant."));
        if (AsOfParameter.Check("from", from) is var f && f.IsProblem()) return f;
        if (AsOfParameter.Check("to", to) is var t && t.IsProblem()) return t;
        return AsOfParameter.Parse(from) > (AsOfParameter.Parse(to) ?? DateTimeOffset.MaxValue)
            ? Problems.Validation(new Problems.FieldError("from", $"must not be after to ({to})."))
            : WolverineContinue.NoProblems;
    }

    /// <summary>What changed in an OPD-year between two instants: each value at from and at to, with the events (who, why, legal basis) in between. Planners, operators and verifiers read their own OPD only.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/changes", Name = "GetChanges")]
    [Tags("Rencana Aksi")]
    [ProducesResponseType<ChangesReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string opd, int year, string from, string? to, IQuerySession session,
        Integrity.IntegrityKeys keys, HttpContext context, CancellationToken ct)
    {
        var (start, end) = (AsOfParameter.Parse(from)!.Value, AsOfParameter.Parse(to) ?? DateTimeOffset.UtcNow);
        var replayed = await OpdYearReplay.Events(session, keys, opd, year, end, ct);
        (await Integrity.IntegrityNotice.For(session, opd, year, replayed.Rejected, ct)).Write(context);
        if (!replayed.Events.Any(e => e.Data is PlanStarted))
            return Results.Problem(Problems.NotFound($"No plan for '{opd}' in {year} by {end:O}."));
        return Results.Ok(Build(opd, year, start, end, replayed.Events));
    }

    public static ChangesReport Build(string opd, int year, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<IEvent> events)
    {
        var touched = new Dictionary<(string Subject, string Field), List<ChangeEvent>>();
        OpdYear? state = null;
        OpdYear? atFrom = null;
        foreach (var e in events)
        {
            if (e.Timestamp > from && atFrom is null) atFrom = Copy(state);
            var subject = OpdYear.IsPlanEvent(e.Data) ? "plan" : OpdYear.IndicatorIdOf(e.Data);
            var old = Fields(state, subject);
            state = OpdYear.Step(state, e);
            if (e.Timestamp <= from) continue;
            var now = Fields(state, subject);
            foreach (var field in FieldChange.Between(old, now).Select(c => c.Field))
            {
                if (!touched.TryGetValue((subject, field), out var list)) touched[(subject, field)] = list = [];
                list.Add(Describe(e));
            }
        }

        atFrom ??= Copy(state);
        var subjects = touched.GroupBy(t => t.Key.Subject).Select(g =>
        {
            var indicator = g.Key == "plan" ? null : state!.Indicators.GetValueOrDefault(g.Key);
            var old = Fields(atFrom, g.Key);
            var now = Fields(state, g.Key);
            return new SubjectChanges(g.Key == "plan" ? "plan" : "indicator", indicator?.IndicatorId, indicator?.Code,
                indicator?.Current.Name,
                g.OrderBy(t => t.Value[0].Sequence).Select(t => new ValueChange(t.Key.Field, old.GetValueOrDefault(t.Key.Field),
                    now.GetValueOrDefault(t.Key.Field), t.Value)).ToList());
        }).OrderBy(s => s.Subject == "plan" ? "" : s.Code, StringComparer.Ordinal).ToList();
        return new ChangesReport(opd, year, from, to, subjects);
    }

    private static IReadOnlyDictionary<string, string?> Fields(OpdYear? state, string subject) => subject == "plan"
        ? Plan.Fields(state?.Plan)
        : IndicatorHistory.Fields(state?.Indicators.GetValueOrDefault(subject));

    private static ChangeEvent Describe(IEvent e)
    {
        var author = EventAuthor.Of(e);
        var revision = IndicatorHistory.RevisionOf(e.Data);
        return new ChangeEvent(e.Sequence, e.Version, e.Timestamp, e.EventTypeName, author.UserId, author.UserName,
            author.UserRole, author.CorrelationId, IndicatorHistory.Why(e), revision?.Kind, revision?.LegalBasis);
    }

    // The fold mutates its OPD-year in place; a shallow copy keeps the (immutable) plan and indicators of a moment.
    private static OpdYear? Copy(OpdYear? state) => state is null
        ? null
        : new OpdYear
        {
            Id = state.Id, Opd = state.Opd, Year = state.Year, Plan = state.Plan,
            Indicators = new SortedDictionary<string, Indicator>(state.Indicators, StringComparer.Ordinal),
            LastSequence = state.LastSequence, LastRecordedAt = state.LastRecordedAt,
        };
}
