using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>
/// Turns the exceptions that reach the edge into problem details. Concurrency losses are the expected ones:
/// the second of two writers on one stream version fails at commit and gets 409, and nothing of it is stored.
/// </summary>
public sealed partial class ExceptionProblems(ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            Marten.Exceptions.ExistingStreamIdCollisionException or ExistingStreamIdCollisionException =>
                Problems.Conflict("It already exists (created concurrently)."),
            ConcurrencyException or EventStreamUnexpectedMaxEventIdException => Problems.Conflict(
                "Another change to the same record was saved first. Read the current state and try again.",
                "expectedVersion"),
            _ when IsUniqueViolation(exception) => Problems.Conflict(
                "It already exists (a record with the same key was saved concurrently)."),
            _ when Database.Transient.Is(exception) => new ProblemDetails
            {
                Type = "https://sakip.dev/problems/unavailable",
                Title = "The database is briefly unavailable.", Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "If this was a write, it may or may not have been stored: retry shortly with the same Idempotency-Key, which stores it exactly once.",
            },
            JasperFx.MultiTenancy.UnknownTenantIdException => Tenants.TenantDatabases.Unknown(Tenants.TenantDatabases.OfPath(context.Request.Path)),
            Integrity.RecordFailedVerificationException failed => new ProblemDetails
            {
                Type = "https://sakip.dev/problems/record-failed-verification",
                Title = "The record this change builds on failed verification.", Status = StatusCodes.Status409Conflict,
                Detail = failed.Message + " Nothing was stored; the Inspektorat's evidence is at GET .../integrity and .../operations/quarantine.",
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.TooLarge("$",
                "The request body is larger than this service accepts."),
            BadHttpRequestException bad => Problems.Status(bad.StatusCode, "The request could not be read.",
                bad.StatusCode == StatusCodes.Status408RequestTimeout
                    ? "The request body arrived too slowly."
                    : "The request is malformed: its body or headers could not be read."),
            _ => null,
        };

        if (problem?.Status == StatusCodes.Status409Conflict && exception is ConcurrencyException or EventStreamUnexpectedMaxEventIdException &&
            await CurrentVersion(context, exception) is { } current)
            problem.Extensions["currentVersion"] = current;

        if (problem is null)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Type = "https://sakip.dev/problems/internal",
                Title = "An unexpected error occurred.",
                Status = StatusCodes.Status500InternalServerError,
                Detail = "The error was logged with the trace id below.",
            };
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, exception, context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = "1";
        }
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString()
                                        ?? context.TraceIdentifier;
        await Problems.Write(context, problem);
        return true;
    }

    /// <summary>The version that won the race, so the loser can read it and retry (like a stale expectedVersion).</summary>
    private static async Task<long?> CurrentVersion(HttpContext context, Exception exception)
    {
        // The exception names no stream (Npgsql redacts it); the session that lost knows which one it appended to.
        if (context.Items[EventMetadataMiddleware.SessionItem] is not Marten.IDocumentSession lost ||
            lost.PendingChanges.Streams().Where(s => s.ActionType == JasperFx.Events.StreamActionType.Append).ToList() is not [var stream] ||
            Tenants.TenantDatabases.OfPath(context.Request.Path) is not { } tenant) return null;
        var key = stream.Key ?? stream.Id.ToString();
        try
        {
            await using var session = context.RequestServices.GetRequiredService<Marten.IDocumentStore>().QuerySession(tenant);
            return (await session.Events.FetchStreamStateAsync(key, CancellationToken.None))?.Version;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static bool IsUniqueViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path}: answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
