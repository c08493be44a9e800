using System.Text.Json.Serialization;

namespace Sakip.Api.Indicators;

public enum Polarity { Positive, Negative }

/// <summary>How period values combine into quarter and year values (../shared/domain.md).</summary>
public enum Aggregation { Sum, Cumulative, Last, Average }

public enum Schedule { Monthly, Quarterly }

public enum ValueKind { Number, Percent, Grade, Range }

/// <summary>
/// One target cell: a number, a grade on the tenant's scale, or a range <c>lo-hi</c>. "No target this
/// period" (<c>-</c> or empty in documents) is the absence of a value (null), never zero.
/// </summary>
public sealed record TargetValue
{
    public decimal? Number { get; init; }
    public string? Grade { get; init; }
    public decimal? Low { get; init; }
    public decimal? High { get; init; }

    public static TargetValue Of(decimal number) => new() { Number = number };
    public static TargetValue OfGrade(string grade) => new() { Grade = grade };
    public static TargetValue Between(decimal low, decimal high) => new() { Low = low, High = high };

    [JsonIgnore] public bool IsRange => Low is not null && High is not null;
    [JsonIgnore] public bool IsGrade => Grade is not null;

    public override string ToString() =>
        Number.ToInvariant() is { Length: > 0 } number ? number : Grade
        ?? (IsRange ? $"{Low.ToInvariant()}-{High.ToInvariant()}" : "-");
}

/// <summary>A realization value: a number, or a grade for qualitative indicators.</summary>
public sealed record RealizedValue
{
    public decimal? Number { get; init; }
    public string? Grade { get; init; }

    public static RealizedValue Of(decimal number) => new() { Number = number };
    public static RealizedValue OfGrade(string grade) => new() { Grade = grade };
}

internal static class DecimalText
{
    /// <summary>Invariant text without trailing zeros: 78.00 and 78 read the same in histories and messages.</summary>
    public static string ToInvariant(this decimal? value) =>
        value?.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
