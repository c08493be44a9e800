using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>Optimistic concurrency, one check for every write: 409 unless the request saw the current version.</summary>
public static class ExpectedVersion
{
    public static ProblemDetails Check(long? expected, long? current) =>
        (expected ?? 0) == (current ?? 0)
            ? WolverineContinue.NoProblems
            : Problems.StaleVersion(expected ?? 0, current ?? 0);

    public static ProblemDetails Check<T>(long? expected, IEventStream<T> stream) where T : class =>
        Check(expected, stream.CurrentVersion);

    /// <summary>
    /// What a change of an aggregate checks once the command's own field checks ran, in the order a caller fixes them:
    /// the fields and the expected version given (400), the lifecycle rule and the command's own rules (422), then the
    /// version (409).
    /// </summary>
    public static ProblemDetails AfterFields<T>(IEventStream<T> stream, FieldChecks fields, long? expected,
        Func<ProblemDetails> lifecycle, Func<ProblemDetails>? ruleChecks) where T : class
    {
        fields.RequiredVersion("expectedVersion", expected);
        if (fields.HasErrors) return fields.Result();
        if (lifecycle() is var rule && rule.IsProblem()) return rule;
        if (ruleChecks?.Invoke() is { } extra && extra.IsProblem()) return extra;
        return Check(expected, stream);
    }
}
