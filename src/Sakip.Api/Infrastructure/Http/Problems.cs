using Microsoft.AspNetCore.Mvc;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>RFC 7807 bodies. Field errors go under <c>errors</c>, keyed by the JSON name of the field.</summary>
public static class Problems
{
    public sealed record FieldError(string Field, string Message);

    public static ProblemDetails Validation(params IEnumerable<FieldError> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return new ProblemDetails
        {
            Type = "https://sakip.dev/problems/validation",
            Title = "The request is not valid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = string.Join(" ", byField.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}")),
            Extensions = { ["errors"] = byField },
        };
    }

    /// <summary>422: the request is well-formed, but a domain rule refuses it; <c>errors</c> names what is missing.</summary>
    public static ProblemDetails Unprocessable(string detail, params IEnumerable<FieldError> errors)
    {
        var problem = new ProblemDetails
        {
            Type = "https://sakip.dev/problems/rule",
            Title = "The change is refused by a rule of the plan.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = detail,
        };
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        if (byField.Count > 0) problem.Extensions["errors"] = byField;
        return problem;
    }

    public static bool IsProblem(this ProblemDetails problem) =>
        !ReferenceEquals(problem, Wolverine.Http.WolverineContinue.NoProblems);

    public static ProblemDetails Unauthorized(string? why) => new()
    {
        Type = "https://sakip.dev/problems/unauthorized",
        Title = "Authentication is required.",
        Status = StatusCodes.Status401Unauthorized,
        Detail = string.IsNullOrWhiteSpace(why)
            ? "Send a bearer token: Authorization: Bearer <token> (see the README's token command)."
            : why,
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Type = "https://sakip.dev/problems/forbidden",
        Title = "This request is not allowed for this token.",
        Status = StatusCodes.Status403Forbidden,
        Detail = detail,
    };

    public static ProblemDetails NotFound(string detail) => new()
    {
        Type = "https://sakip.dev/problems/not-found",
        Title = "Not found.",
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
    };

    public static ProblemDetails TooLarge(string field, string detail) => new()
    {
        Type = "https://sakip.dev/problems/too-large",
        Title = "The request is too large.",
        Status = StatusCodes.Status413PayloadTooLarge,
        Detail = detail,
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
    };

    public static ProblemDetails UnsupportedMediaType(string field, string detail) => new()
    {
        Type = "https://sakip.dev/problems/unsupported-media-type",
        Title = "The request body is not in a format this operation reads.",
        Status = StatusCodes.Status415UnsupportedMediaType,
        Detail = detail,
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
    };

    /// <summary>A refusal without a field: the status in the service's own words (for answers the framework gives).</summary>
    public static ProblemDetails Status(int status, string title, string detail) => new()
    {
        Type = $"https://sakip.dev/problems/{status}",
        Title = title,
        Status = status,
        Detail = detail,
    };

    public static ProblemDetails Conflict(string detail, string? field = null, long? currentVersion = null)
    {
        var problem = new ProblemDetails
        {
            Type = "https://sakip.dev/problems/conflict",
            Title = "The request conflicts with the current state.",
            Status = StatusCodes.Status409Conflict,
            Detail = detail,
        };
        if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        if (currentVersion is not null) problem.Extensions["currentVersion"] = currentVersion;
        return problem;
    }

    public static ProblemDetails StaleVersion(long expected, long current) =>
        Conflict($"The request was based on version {expected}, but the current version is {current}. " +
                 "Read the current state and try again.", "expectedVersion", current);

    public static Task Write(HttpContext context, ProblemDetails problem)
    {
        problem.Instance ??= context.Request.Path;
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json");
    }
}
