using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Scales;

/// <param name="Grades">The grades from lowest to highest, e.g. ["D", "C", "B", "A"].</param>
public sealed record DefineGradeScale([property: Required] IReadOnlyList<string>? Grades);

/// <summary>
/// Scales are only ever added: targets already graded on a scale must keep their meaning, so a changed scale
/// gets a new name.
/// </summary>
public static partial class DefineGradeScaleEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "define grade scales");

    public static Task<TenantScales?> LoadAsync(IDocumentSession session, CancellationToken ct) =>
        TenantScales.Load(session, ct);

    public static ProblemDetails Validate(string name, DefineGradeScale command, TenantScales? scales)
    {
        var grades = command.Grades ?? [];
        var checks = new FieldChecks()
            .When(!Slug().IsMatch(name), "name", "may hold only lowercase letters, digits and '-' (max 40).")
            .When(grades.Count is < 2 or > 20, "grades", "needs 2 to 20 grades, lowest first.")
            .When(grades.Any(string.IsNullOrWhiteSpace), "grades", "may not hold empty grades.")
            .When(grades.Any(g => g?.Trim().Length > 20), "grades", "each grade must be at most 20 characters.")
            .When(grades.Where(g => g is not null).Select(g => g.Trim().ToUpperInvariant()).Distinct().Count() != grades.Count,
                "grades", "must be distinct.");
        if (checks.HasErrors) return checks.Result();
        return TenantScales.Of(scales, name) is null
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"A grade scale named '{name}' exists already; scales are never changed, define a new name.", "name");
    }

    /// <summary>Defines a grade scale for qualitative targets, lowest grade first. Scales are never changed: a changed scale gets a new name.</summary>
    [WolverinePut("/api/{tenant}/grade-scales/{name}", Name = "DefineGradeScale")]
    [Tags("Grade scales")]
    public static GradeScale Put(string name, DefineGradeScale command, TenantScales? scales, IDocumentSession session)
    {
        var defined = new GradeScaleDefined(name, command.Grades!.Select(g => g.Trim()).ToList());
        if (scales is null) session.Events.StartStream<TenantScales>(TenantScales.StreamKey, defined);
        else session.Events.Append(TenantScales.StreamKey, scales.Version + 1, defined);
        return new GradeScale(defined.Name, defined.Grades);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex Slug();
}

public static class GradeScaleQueries
{
    /// <summary>The tenant's grade scales: the built-in ones and those its admins defined.</summary>
    [WolverineGet("/api/{tenant}/grade-scales", Name = "ListGradeScales")]
    [Tags("Grade scales")]
    public static async Task<IReadOnlyList<GradeScale>> List(IQuerySession session, CancellationToken ct) =>
        [.. (await TenantScales.Load(session, ct))?.All ?? GradeScale.BuiltIn];
}
