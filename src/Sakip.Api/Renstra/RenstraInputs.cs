using System.Text.Json;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Scales;

namespace Sakip.Api.Renstra;

/// <param name="Year">A year of the period.</param>
/// <param name="Target">A number, a text such as "11 Kop" or "10%" (number in the invariant format, unit beside it), a
/// range "80-90", a grade, or null / "-" for no target that year.</param>
/// <param name="Unit">The unit printed beside this year's target, when it differs from the indicator's.</param>
public sealed record YearTargetInput(int? Year, JsonElement? Target, string? Unit);

/// <summary>Reading request fields of the Renstra endpoints: texts without control characters, targets per year.</summary>
public static class RenstraInputs
{
    public static FieldChecks Text(this FieldChecks fields, string field, string? value, int maxLength, bool required = true)
    {
        if (required) fields.Required(field, value, maxLength);
        else if (value?.Trim().Length > maxLength) fields.Add(field, $"must be at most {maxLength} characters.");
        // PostgreSQL's jsonb refuses NUL; other control characters are never part of a plan's text.
        if (value is not null && value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            fields.Add(field, "must not contain control characters.");
        return fields;
    }

    public static IReadOnlyList<string> Lines(IReadOnlyList<string?>? items, string field, FieldChecks fields)
    {
        var lines = (items ?? []).Select((f, i) => (Text: f?.Trim(), Index: i)).ToList();
        foreach (var (text, i) in lines) fields.Text($"{field}[{i}]", text, 1000);
        if (lines.Count > 50) fields.Add(field, "must hold at most 50 items.");
        return lines.Where(l => !string.IsNullOrEmpty(l.Text)).Select(l => l.Text!).ToList();
    }

    public static Polarity? ParsePolarity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "positive" or "positif" => Polarity.Positive,
        "negative" or "negatif" => Polarity.Negative,
        _ => null,
    };

    public static RenstraLevel? ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "iku" => RenstraLevel.Iku,
        "iki" => RenstraLevel.Iki,
        _ => null,
    };

    /// <summary>Every year of the period in order; a year not given has no target (and is warned about, not refused).</summary>
    public static List<YearTarget> Targets(IReadOnlyList<YearTargetInput?>? inputs, int startYear, int endYear, ValueKind kind,
        GradeScale? scale, FieldChecks fields)
    {
        var byYear = new Dictionary<int, YearTarget>();
        foreach (var (input, i) in (inputs ?? []).Select((t, i) => (t, i)))
        {
            var field = $"targets[{i}]";
            if (input?.Year is not { } year || year < startYear || year > endYear)
            {
                fields.Add($"{field}.year", $"must be a year of the period {startYear}-{endYear}.");
                continue;
            }

            if (byYear.ContainsKey(year)) fields.Add($"{field}.year", $"{year} is given twice.");
            fields.Text($"{field}.unit", input.Unit, 100, required: false);
            if (Cell(input.Target, $"{field}.target", kind, scale, fields) is var (target, printed))
            {
                var unit = input.Unit?.Trim() is { Length: > 0 } given ? given : printed;
                if (printed is not null && input.Unit is not null && !RenstraWarnings.SameUnit(printed, input.Unit))
                    fields.Add($"{field}.unit", $"'{input.Unit}' differs from the unit '{printed}' written in the target.");
                byYear[year] = new YearTarget(year, target, unit);
            }
        }

        return Enumerable.Range(startYear, endYear - startYear + 1)
            .Select(y => byYear.GetValueOrDefault(y) ?? new YearTarget(y, null, null)).ToList();
    }

    private static (TargetValue? Target, string? Unit)? Cell(JsonElement? cell, string field, ValueKind kind, GradeScale? scale,
        FieldChecks fields)
    {
        TargetValue? target = null;
        string? unit = null;
        var ok = cell?.ValueKind switch
        {
            null or JsonValueKind.Null or JsonValueKind.Undefined => true,
            JsonValueKind.Number when cell.Value.TryGetDecimal(out var n) => (target = TargetValue.Of(n)) is not null,
            JsonValueKind.String => YearTargetCells.TryParse(cell.Value.GetString(), NumberFormat.En, scale, out target, out unit),
            _ => false,
        };
        if (!ok)
        {
            fields.Add(field, YearTargetCells.Expectation(NumberFormat.En));
            return null;
        }

        var mismatch = target switch
        {
            null => null,
            { IsGrade: true } when kind != ValueKind.Grade => $"'{target.Grade}' is a grade, but this indicator is measured in numbers.",
            { IsGrade: false } when kind == ValueKind.Grade => $"expects a grade on the scale {scale?.Name}.",
            _ => null,
        };
        if (mismatch is not null) fields.Add(field, mismatch);
        return mismatch is null ? (target, unit) : null;
    }
}
