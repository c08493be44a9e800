using System.Text.RegularExpressions;
using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

/// <summary>A year's target as read: the unit is the one printed beside it, else the indicator's.</summary>
public sealed record YearTargetView(int Year, TargetValue? Target, string Unit);

public sealed record RenstraValuesView(string Sasaran, string Name, string? Explanation, string Unit, string? DataSource,
    IReadOnlyList<YearTargetView> Targets)
{
    public static RenstraValuesView From(RenstraIndicatorValues v) => new(v.Sasaran, v.Name, v.Explanation, v.Unit,
        v.DataSource, v.Targets.Select(t => new YearTargetView(t.Year, t.Target, t.Unit ?? v.Unit)).ToList());
}

/// <summary>An IKU or IKI as the API shows it: current values, the values at the signing once revised, its version.</summary>
public sealed record RenstraIndicatorView(string Id, string Code, RenstraLevel Level, string? PositionId, Polarity Polarity,
    ValueKind ValueKind, string? GradeScale, RenstraValuesView Current, TargetValue? EndTarget, RenstraValuesView? Murni,
    IReadOnlyList<RevisionEntry> Revisions, IReadOnlyList<YearRealization> Realizations, long Version)
{
    public IReadOnlyList<RenstraWarning> Warnings { get; init; } = [];

    public static RenstraIndicatorView From(RenstraIndicator i, IReadOnlyList<RenstraWarning>? warnings = null) =>
        new(i.IndicatorId, i.Code, i.Level, i.PositionId, i.Polarity, i.ValueKind, i.GradeScale, RenstraValuesView.From(i.Current),
            i.TargetOf(i.EndYear), i.Murni is null ? null : RenstraValuesView.From(i.Murni), i.Revisions,
            i.Realizations.Values.OrderBy(r => r.Year).ToList(), i.Version)
        {
            Warnings = warnings ?? [],
        };
}

public sealed record PositionView(string Id, string Name, string? Tugas, IReadOnlyList<string> Fungsi,
    IReadOnlyList<RenstraIndicatorView> Indicators);

/// <summary>The Renstra of an OPD: its IKU, then each position (jabatan) with its tugas, fungsi and IKI.</summary>
public sealed record RenstraView(string Opd, int StartYear, int EndYear, IReadOnlyList<int> Years, RenstraStatus Status,
    LegalBasis? LegalBasis, Official? SignedBy, DateTimeOffset? EstablishedAt, IReadOnlyList<RenstraIndicatorView> Iku,
    IReadOnlyList<PositionView> Positions, IReadOnlyList<RevisionEntry> Revisions, long Version)
{
    public static RenstraView From(RenstraState state)
    {
        var plan = state.Plan!;
        var indicators = state.Ordered().Select(i => RenstraIndicatorView.From(i)).ToList();
        return new RenstraView(plan.Opd, plan.StartYear, plan.EndYear, plan.Years.ToList(), plan.Status, plan.LegalBasis,
            plan.SignedBy, plan.EstablishedAt, indicators.Where(i => i.Level == RenstraLevel.Iku).ToList(),
            plan.Positions.Select(p => new PositionView(p.Id, p.Name, p.Tugas, p.Fungsi,
                indicators.Where(i => i.PositionId == p.Id).ToList())).ToList(),
            plan.Revisions, plan.Version);
    }
}

/// <summary>Indicator codes in the order people number them: IKI-2 before IKI-10.</summary>
public sealed partial class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Chunks().Matches(x ?? "");
        var b = Chunks().Matches(y ?? "");
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = decimal.TryParse(a[i].Value, out var na) && decimal.TryParse(b[i].Value, out var nb)
                ? na.CompareTo(nb)
                : string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0) return c;
        }

        return a.Count != b.Count ? a.Count.CompareTo(b.Count) : string.CompareOrdinal(x, y);
    }

    [GeneratedRegex(@"\d+|\D+")]
    private static partial Regex Chunks();
}
