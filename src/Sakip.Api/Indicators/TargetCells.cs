using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Scales;

namespace Sakip.Api.Indicators;

/// <summary>What a target cell may hold for one indicator: its schedule, its kind and (for grades) its scale.</summary>
public sealed record IndicatorShape(Schedule Schedule, ValueKind ValueKind, GradeScale? Scale)
{
    public int PeriodCount => Schedule == Schedule.Monthly ? 12 : 4;
}

/// <summary>
/// Reads target cells of API requests: a JSON number, a string holding a number, a range <c>80-90</c> or a
/// grade, or null / <c>"-"</c> / <c>""</c> for no target. Numbers in strings use the invariant format here;
/// Indonesian document formats belong to the importer.
/// </summary>
public static partial class TargetCells
{
    public static TargetValue? Read(JsonElement? cell, string field, IndicatorShape shape, FieldChecks checks)
    {
        if (cell is null || cell.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        var value = cell.Value.ValueKind switch
        {
            JsonValueKind.Number => TargetValue.Of(cell.Value.GetDecimal()),
            JsonValueKind.String => FromText(cell.Value.GetString()!, shape.Scale),
            _ => null,
        };
        if (value is null && cell.Value.ValueKind == JsonValueKind.String && IsEmpty(cell.Value.GetString()!)) return null;
        if (value is null)
        {
            checks.Add(field, Expectation(shape));
            return null;
        }

        var mismatch = shape.ValueKind switch
        {
            ValueKind.Grade when !value.IsGrade => Expectation(shape),
            ValueKind.Range when !value.IsRange => "expects a range such as \"80-90\".",
            ValueKind.Number or ValueKind.Percent when value.IsGrade =>
                $"'{value.Grade}' is a grade, but this indicator is measured in numbers.",
            _ => null,
        };
        if (mismatch is not null) checks.Add(field, mismatch);
        return mismatch is null ? value : null;
    }

    public static List<TargetValue?> ReadPeriods(IReadOnlyList<JsonElement>? cells, string field, IndicatorShape shape,
        FieldChecks checks)
    {
        if (cells is null) return [.. new TargetValue?[shape.PeriodCount]];
        if (cells.Count != shape.PeriodCount)
        {
            checks.Add(field, $"needs {shape.PeriodCount} values for a {shape.Schedule.ToString().ToLowerInvariant()} " +
                              $"indicator (use null or \"-\" for no target), got {cells.Count}.");
            return [.. new TargetValue?[shape.PeriodCount]];
        }

        return cells.Select((c, i) => Read(c, $"{field}[{i + 1}]", shape, checks)).ToList();
    }

    private static TargetValue? FromText(string text, GradeScale? scale)
    {
        var trimmed = text.Trim();
        if (Number().IsMatch(trimmed)) return TargetValue.Of(decimal.Parse(trimmed, CultureInfo.InvariantCulture));
        var range = Range().Match(trimmed);
        if (range.Success)
        {
            var low = decimal.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture);
            var high = decimal.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
            return low <= high ? TargetValue.Between(low, high) : null;
        }

        var rank = scale?.Rank(trimmed);
        return rank is null ? null : TargetValue.OfGrade(scale!.Grades[rank.Value - 1]);
    }

    private static bool IsEmpty(string text) => text.Trim() is "" or "-" or "–";

    private static string Expectation(IndicatorShape shape) => shape.ValueKind == ValueKind.Grade && shape.Scale is not null
        ? $"expects a grade on the scale {shape.Scale.Name} ({string.Join(", ", shape.Scale.Grades)})."
        : "expects a number (e.g. 19.5), a range (e.g. \"80-90\"), or null / \"-\" for no target.";

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$")]
    private static partial Regex Range();
}
