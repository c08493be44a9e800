namespace Sakip.Api.Domain;

/// <summary>How a refusal reads at an edge: a malformed field, a rule of the plan saying no, or a missing thing.</summary>
public enum RefusalKind { Invalid, Refused, Missing }

/// <summary>
/// A rule of the domain saying no, in the words every path shows: the HTTP edge maps it to problem details,
/// the importer to a row error. Field is the command's (JSON) name of what is wrong, null when the refusal is
/// about the request as a whole; Summary states the rule where it refuses a well-formed request.
/// </summary>
public sealed record Refusal(string Rule, string? Field, string Message)
{
    public RefusalKind Kind { get; init; } = RefusalKind.Invalid;
    public string? Summary { get; init; }
}
