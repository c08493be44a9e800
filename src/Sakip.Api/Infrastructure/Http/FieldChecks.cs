using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Sakip.Api.Infrastructure.Http;

/// <summary>Collects every field error of a request, so the caller fixes them in one round.</summary>
public sealed class FieldChecks
{
    private readonly List<Problems.FieldError> _errors = [];

    public FieldChecks Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required.");
        else if (value.Trim().Length > maxLength) Add(field, $"must be at most {maxLength} characters.");
        return this;
    }

    public FieldChecks Matches(string field, string? value, Regex pattern, string expectation)
    {
        if (!string.IsNullOrWhiteSpace(value) && !pattern.IsMatch(value.Trim())) Add(field, expectation);
        return this;
    }

    public FieldChecks RequiredVersion(string field, long? version)
    {
        if (version is null) Add(field, "is required: the version your change is based on.");
        else if (version < 1) Add(field, "must be 1 or more.");
        return this;
    }

    public FieldChecks When(bool failed, string field, string message)
    {
        if (failed) Add(field, message);
        return this;
    }

    public FieldChecks Add(string field, string message)
    {
        _errors.Add(new Problems.FieldError(field, message));
        return this;
    }

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<Problems.FieldError> Errors => _errors;

    public ProblemDetails Result() => _errors.Count == 0 ? WolverineContinue.NoProblems : Problems.Validation(_errors);
}
