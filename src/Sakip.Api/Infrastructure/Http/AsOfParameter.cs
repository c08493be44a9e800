using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>Reads the <c>asOf</c> query value: an ISO-8601 instant with its offset, e.g. 2022-10-01T00:00:00+08:00.</summary>
public static class AsOfParameter
{
    public static ProblemDetails Check(string field, string? value) =>
        value is null || TryParse(value, out _)
            ? Wolverine.Http.WolverineContinue.NoProblems
            : Problems.Validation(new Problems.FieldError(field,
                $"'{value}' is not an ISO-8601 instant with an offset, e.g. 2022-10-01T00:00:00Z or 2022-10-01T08:00:00+08:00."));

    /// <summary>The instant in UTC: PostgreSQL compares timestamptz, and Npgsql writes only offset 0.</summary>
    public static DateTimeOffset? Parse(string? value) => value is not null && TryParse(value, out var t) ? t.ToUniversalTime() : null;

    private static bool TryParse(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant) &&
        (value.EndsWith('Z') || value.EndsWith('z') || value.Length > 19 && value[^6] is '+' or '-');
}
