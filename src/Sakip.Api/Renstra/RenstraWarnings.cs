using System.Text.RegularExpressions;

namespace Sakip.Api.Renstra;

/// <summary>A soft problem of a Renstra row: stored anyway, and named to the planner (a year, or the whole row).</summary>
public sealed record RenstraWarning(string Field, int? Year, string Message);

/// <summary>
/// The data problems seed 004 shows, warned about and never silently fixed: a unit that changes between the years of
/// one indicator, a unit that looks like a typo of the indicator's, a year's target a factor of ten or more away from
/// its neighbours, a year left empty, and a position block whose lines the conversion shifted.
/// </summary>
public static partial class RenstraWarnings
{
    public const decimal JumpFactor = 10;

    public static IReadOnlyList<RenstraWarning> ForTargets(string unit, IReadOnlyList<YearTarget> targets)
    {
        var warnings = new List<RenstraWarning>();
        foreach (var empty in targets.Where(t => t.Target is null))
            warnings.Add(new("targets", empty.Year, $"no target for {empty.Year}: the year is left empty."));

        var other = targets.Where(t => t.Unit is not null && !SameUnit(t.Unit, unit)).ToList();
        foreach (var typo in other.Where(t => LooksLikeTypo(t.Unit!, unit)))
            warnings.Add(new("targets", typo.Year, $"the unit '{typo.Unit}' of {typo.Year} looks like a typo of '{unit}'."));
        var changed = other.Where(t => !LooksLikeTypo(t.Unit!, unit)).ToList();
        if (changed.Count > 0)
            warnings.Add(new("targets", changed[0].Year,
                $"the unit changes between years: {string.Join(", ", changed.GroupBy(t => t.Unit!, StringComparer.OrdinalIgnoreCase).Select(g => $"'{g.Key}' in {string.Join(", ", g.Select(t => t.Year))}"))}, " +
                $"where the indicator is measured in '{unit}'."));

        foreach (var (year, value, neighbours) in Jumps(targets))
            warnings.Add(new("targets", year, $"the {year} target {value} is a factor of {JumpFactor} or more away from " +
                $"{string.Join(" and ", neighbours.Select(n => $"{n.Value} ({n.Year})"))}: a misplaced decimal point, or a value of another indicator?"));
        return warnings;
    }

    /// <summary>
    /// Years whose target is a factor of ten or more away from the years beside it (zero and empty years skipped). A first
    /// or last year has one neighbour: it is the odd one out only when that neighbour is not itself out of line.
    /// </summary>
    private static IEnumerable<(int Year, decimal Value, List<(int Year, decimal Value)> Neighbours)> Jumps(IReadOnlyList<YearTarget> targets)
    {
        var numbers = targets.Where(t => t.Target?.Number is not null and not 0).Select(t => (t.Year, Value: t.Target!.Number!.Value)).ToList();
        bool Far(int i, int j) => Factor(numbers[i].Value, numbers[j].Value) >= JumpFactor;
        bool Inside(int i) => i > 0 && i + 1 < numbers.Count && Far(i, i - 1) && Far(i, i + 1);
        for (var i = 0; i < numbers.Count; i++)
        {
            var neighbour = i == 0 ? 1 : i == numbers.Count - 1 ? i - 1 : -1;
            var odd = neighbour < 0 ? Inside(i) : neighbour < numbers.Count && Far(i, neighbour) && !Inside(neighbour);
            if (!odd) continue;
            yield return (numbers[i].Year, numbers[i].Value,
                new[] { i - 1, i + 1 }.Where(j => j >= 0 && j < numbers.Count).Select(j => numbers[j]).ToList());
        }
    }

    /// <summary>
    /// A block whose title line the conversion misplaced: the position reads as a duty, the tugas starts with a
    /// function's list item, or the fungsi list starts past "a." (its first lines went elsewhere).
    /// </summary>
    public static IReadOnlyList<RenstraWarning> ForPosition(string name, string? tugas, IReadOnlyList<string> fungsi)
    {
        var warnings = new List<RenstraWarning>();
        if (Duty().IsMatch(name.Trim()))
            warnings.Add(new("position", null, $"the position '{Short(name)}' reads as a duty (tugas), not a title (jabatan): " +
                                               "its block's title line looks misplaced in the conversion."));
        if (tugas is not null && ListItem().Match(tugas) is { Success: true } item)
            warnings.Add(new("tugas", null, $"the tugas of '{Short(name)}' starts with the list item '{item.Groups[1].Value}.', as " +
                                            "functions (fungsi) do: the block's lines look shifted by one (a misplaced title line)."));
        if (fungsi.Count > 0 && ListItem().Match(fungsi[0]) is { Success: true } first && first.Groups[1].Value != "a")
            warnings.Add(new("fungsi", null, $"the fungsi of '{Short(name)}' start at '{first.Groups[1].Value}.': the first " +
                                             "items went to another line (a misplaced title line)."));
        return warnings;
    }

    public static bool SameUnit(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>One or two letters apart, on units long enough that this is not another word (uni/unit, orng/orang).</summary>
    public static bool LooksLikeTypo(string a, string b)
    {
        var (x, y) = (a.Trim().ToLowerInvariant(), b.Trim().ToLowerInvariant());
        if (x == y) return false;
        var distance = Distance(x, y);
        return distance <= 2 && distance * 2 < Math.Min(x.Length, y.Length);
    }

    private static decimal Factor(decimal a, decimal b)
    {
        var (x, y) = (Math.Abs(a), Math.Abs(b));
        return Math.Max(x, y) / Math.Min(x, y);
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    // Indonesian duties are active verbs (me-...-kan / me-...-i): Melaksanakan, Menyiapkan, Mengkoordinasikan.
    [GeneratedRegex(@"^(?i:me)\p{L}+(?i:kan|i)\b")]
    private static partial Regex Duty();

    [GeneratedRegex(@"^\s*[-–•]?\s*([a-z])[.)]\s")]
    private static partial Regex ListItem();
}
