namespace Sakip.Api.Capaian;

/// <summary>A band of the rating scale: From inclusive, To exclusive; null means unbounded.</summary>
public sealed record RatingBand(string Name, decimal? From, decimal? To)
{
    public bool Contains(decimal value) => (From is null || value >= From) && (To is null || value < To);
}

/// <summary>
/// The five-band rating of Permendagri 86/2017 by default, configurable per tenant: half-open bands that cover
/// every value exactly once.
/// </summary>
public sealed record RatingScale(IReadOnlyList<RatingBand> Bands)
{
    public static readonly RatingScale Default = new([
        new("Sangat Rendah", null, 51), new("Rendah", 51, 66), new("Sedang", 66, 76), new("Tinggi", 76, 91),
        new("Sangat Tinggi", 91, null),
    ]);

    public string? Rate(decimal? capaian) => capaian is { } c ? Bands.FirstOrDefault(b => b.Contains(c))?.Name : null;

    /// <summary>Errors that make the bands unusable: a gap, an overlap, an open end missing, a name missing or twice.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<RatingBand> bands)
    {
        var errors = new List<string>();
        if (bands.Count == 0) return ["at least one band is required."];
        if (bands.Any(b => string.IsNullOrWhiteSpace(b.Name))) errors.Add("every band needs a name.");
        if (bands.Select(b => b.Name.Trim().ToUpperInvariant()).Distinct().Count() != bands.Count)
            errors.Add("band names must be distinct.");
        var ordered = bands.OrderBy(b => b.From ?? decimal.MinValue).ToList();
        if (ordered[0].From is not null) errors.Add($"values below {ordered[0].From} fall in no band.");
        if (ordered[^1].To is not null) errors.Add($"values from {ordered[^1].To} up fall in no band.");
        foreach (var band in ordered.Where(b => b.From is not null && b.To is not null && b.From >= b.To))
            errors.Add($"band '{band.Name}' is empty: it starts at {band.From} and ends at {band.To}.");
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, next) = (ordered[i - 1], ordered[i]);
            if (previous.To is null || next.From is null || previous.To < next.From)
                errors.Add($"gap between '{previous.Name}' and '{next.Name}'.");
            else if (previous.To > next.From)
                errors.Add($"'{previous.Name}' and '{next.Name}' overlap.");
        }

        return errors;
    }
}
