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
}
