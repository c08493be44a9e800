using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>The HTTP edge of the domain's refusals: malformed fields (400) first, then the first rule that says no.</summary>
public static class RefusalProblems
{
    public static ProblemDetails ToProblem(this IReadOnlyCollection<Refusal> refusals)
    {
        var invalid = refusals.Where(r => r.Kind == RefusalKind.Invalid).ToList();
        if (invalid.Count > 0) return Problems.Validation(invalid.Select(r => new Problems.FieldError(r.Field ?? "", r.Message)));
        if (refusals.FirstOrDefault() is not { } first) return WolverineContinue.NoProblems;
        if (first.Kind == RefusalKind.Missing) return Problems.NotFound(first.Summary ?? first.Message);
        var same = refusals.Where(r => r.Rule == first.Rule && r.Field is not null).ToList();
        return Problems.Unprocessable(first.Summary ?? first.Message,
            same.Select(r => new Problems.FieldError(r.Field!, r.Message)));
    }

    /// <summary>
    /// How a write answers its decision: the expected version and the malformed fields (400), then the first rule that
    /// says no (422), then a stale version (409).
    /// </summary>
    public static ProblemDetails ToProblem<T>(this IReadOnlyCollection<Refusal> refusals, long? expectedVersion,
        IEventStream<T> stream) where T : class
    {
        var checks = new FieldChecks().RequiredVersion("expectedVersion", expectedVersion).With(refusals);
        if (checks.HasErrors) return checks.Result();
        return refusals.Count > 0 ? refusals.ToProblem() : ExpectedVersion.Check(expectedVersion, stream);
    }

    /// <summary>Adds the malformed-field refusals to checks made at the edge (such as the expected version).</summary>
    public static FieldChecks With(this FieldChecks checks, IEnumerable<Refusal> refusals)
    {
        foreach (var refusal in refusals.Where(r => r.Kind == RefusalKind.Invalid)) checks.Add(refusal.Field ?? "", refusal.Message);
        return checks;
    }

    /// <summary>The field errors collected by checks, as refusals of one rule: how a decision reports malformed input.</summary>
    public static IReadOnlyList<Refusal> ToRefusals(this FieldChecks checks, string rule) =>
        checks.Errors.Select(e => new Refusal(rule, e.Field, e.Message)).ToList();

    public static ProblemDetails ToProblem(this Refusal? refusal) =>
        refusal is null ? WolverineContinue.NoProblems : new[] { refusal }.ToProblem();
}
