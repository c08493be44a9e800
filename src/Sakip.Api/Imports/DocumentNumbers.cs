using System.Globalization;
using System.Text.RegularExpressions;
using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Imports;

public enum NumberFormat { Id, En }

/// <summary>
/// Numbers as agencies write them. <c>id</c>: 1.587.538.237 · 19,50 · 55,00%; <c>en</c>: 1587538237 · 19.5.
/// The format is chosen per file, never guessed per cell. "Rp" and a trailing % are accepted and dropped.
/// </summary>
public static partial class DocumentNumbers
{
    public static bool TryParse(string? text, NumberFormat format, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Replace('\u00A0', ' ').Trim();
        if (s.StartsWith("Rp", StringComparison.OrdinalIgnoreCase)) s = s[2..].TrimStart('.', ' ');
        if (s.EndsWith('%')) s = s[..^1].TrimEnd();
        s = s.Replace(" ", "");
        var (pattern, thousands, decimals) = format == NumberFormat.Id ? (IdPattern(), ".", ",") : (EnPattern(), ",", ".");
        if (!pattern.IsMatch(s)) return false;
        return decimal.TryParse(s.Replace(thousands, "").Replace(decimals, "."), NumberStyles.AllowLeadingSign |
            NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A target cell: none (empty, "-"), a number, a range "lo-hi", or a grade on the given scale.</summary>
    public static bool TryParseTarget(string? text, NumberFormat format, GradeScale? scale, out TargetValue? target)
    {
        target = null;
        var s = text?.Trim() ?? "";
        if (s is "" or "-" or "–" or "—") return true;
        if (TryParse(s, format, out var number))
        {
            target = TargetValue.Of(number);
            return true;
        }

        var range = RangePattern().Match(s);
        if (range.Success && TryParse(range.Groups[1].Value, format, out var low) &&
            TryParse(range.Groups[2].Value, format, out var high) && low <= high)
        {
            target = TargetValue.Between(low, high);
            return true;
        }

        if (scale?.Rank(s) is { } rank)
        {
            target = TargetValue.OfGrade(scale.Grades[rank - 1]);
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex EnPattern();

    [GeneratedRegex(@"^([\d.,]+%?)\s*[-–]\s*([\d.,]+%?)$")]
    private static partial Regex RangePattern();
}
