namespace Sakip.Api.Scales;

/// <summary>
/// A tenant's ordinal scale for qualitative targets, lowest first, e.g. predikat AKIP
/// D &lt; C &lt; CC &lt; B &lt; BB &lt; A &lt; AA. Rank 1 is the lowest grade.
/// </summary>
public sealed record GradeScale(string Name, IReadOnlyList<string> Grades)
{
    public static readonly GradeScale PredikatAkip = new("predikat-akip", ["D", "C", "CC", "B", "BB", "A", "AA"]);
    public static readonly GradeScale Nilai = new("nilai", ["D", "C", "B", "A"]);

    /// <summary>The scales every tenant has; tenant-defined scales come with the admin's scale management.</summary>
    public static readonly IReadOnlyList<GradeScale> BuiltIn = [PredikatAkip, Nilai];


    /// <summary>1-based rank, or null when the grade is not on this scale (case-insensitive).</summary>
    public int? Rank(string grade)
    {
        for (var i = 0; i < Grades.Count; i++)
            if (string.Equals(Grades[i], grade.Trim(), StringComparison.OrdinalIgnoreCase)) return i + 1;
        return null;
    }

    public bool Contains(string grade) => Rank(grade) is not null;
}
