using System.Text.RegularExpressions;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Renstra;

/// <summary>
/// A Renstra target cell as documents print it: a number with its unit (<c>11 Kop</c>, <c>10%</c>, <c>3 bidang</c>),
/// a bare number, a range, a grade on the tenant's scale, or none (<c>-</c>, empty). The number follows the chosen
/// number format; the unit is kept as printed.
/// </summary>
public static partial class YearTargetCells
{
    public static bool TryParse(string? text, NumberFormat format, GradeScale? scale, out TargetValue? target, out string? unit)
    {
        target = null;
        unit = null;
        var s = text?.Replace('\u00A0', ' ').Trim() ?? "";
        if (s is "" or "-" or "–" or "—") return true;
        if (s.EndsWith('%') && DocumentNumbers.TryParse(s, format, out var percent))
        {
            (target, unit) = (TargetValue.Of(percent), "%");
            return true;
        }

        if (DocumentNumbers.TryParseTarget(s, format, scale, out target)) return true;
        var withUnit = NumberThenUnit().Match(s);
        if (withUnit.Success && DocumentNumbers.TryParse(withUnit.Groups["number"].Value, format, out var number))
        {
            (target, unit) = (TargetValue.Of(number), withUnit.Groups["unit"].Value.Trim());
            return true;
        }

        return false;
    }

    public static string Expectation(NumberFormat format) =>
        $"expects a number in {(format == NumberFormat.Id ? "Indonesian format (1.234,5)" : "English format (1,234.5)")} " +
        "with or without its unit (11 Kop, 10%, 3 bidang), a range such as 80-90, a grade on a scale of the tenant, or - for none.";

    [GeneratedRegex(@"^(?<number>-?[\d.,]+)\s*(?<unit>\p{L}[\p{L}\p{N} ./\-]{0,99})$")]
    private static partial Regex NumberThenUnit();
}
