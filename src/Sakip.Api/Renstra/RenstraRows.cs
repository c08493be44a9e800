using System.Globalization;
using System.Text.RegularExpressions;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Scales;

namespace Sakip.Api.Renstra;

public sealed record ImportedPosition(int Row, string Name, string? Tugas, IReadOnlyList<string> Fungsi);

public sealed record ImportedRenstraIndicator(int Row, string Code, RenstraLevel Level, string? Position, string Sasaran,
    string Name, string? Explanation, string Unit, Polarity Polarity, ValueKind ValueKind, string? GradeScale,
    string? DataSource, IReadOnlyList<YearTarget> Targets);

public sealed record ImportedRenstra(string Opd, int StartYear, int EndYear, IReadOnlyList<ImportedPosition> Positions,
    IReadOnlyList<ImportedRenstraIndicator> Indicators);

/// <summary>
/// Reads the IKU/IKI template, one row per indicator: <c>opd,start_year,end_year,level,position,tugas,fungsi,sasaran,
/// indicator_code,indicator,explanation,unit,polarity,data_source</c> and <c>target_{year}</c> for every year of the
/// period. A position's tugas and fungsi sit on its first row (later rows leave them empty or repeat them); fungsi hold
/// one function per line. Every error and warning is collected by row.
/// </summary>
public static partial class RenstraRows
{
    public static readonly string[] Columns =
    [
        "opd", "start_year", "end_year", "level", "position", "tugas", "fungsi", "sasaran", "indicator_code", "indicator",
        "explanation", "unit", "polarity", "data_source",
    ];

    private static readonly string[] Required = ["opd", "start_year", "end_year", "level", "sasaran", "indicator_code", "indicator"];

    public static ImportedRenstra? Read(ImportTable table, NumberFormat format, IReadOnlyList<GradeScale> scales,
        List<ImportIssue> errors, List<ImportIssue> warnings)
    {
        table.CheckHeader(c => Columns.Contains(c) || TargetColumn().IsMatch(c), Required, errors, warnings);
        if (errors.Count > 0 || table.Rows.Count == 0)
        {
            if (table.Rows.Count == 0) errors.Add(new(1, null, null, "The file has a header but no rows."));
            return null;
        }

        var first = table.Rows[0];
        var opd = first["opd"];
        int.TryParse(first["start_year"], CultureInfo.InvariantCulture, out var start);
        int.TryParse(first["end_year"], CultureInfo.InvariantCulture, out var end);
        if (Infrastructure.Http.Problems.IsProblem(RenstraAccess.Period(start, end)))
        {
            errors.Add(new(2, "start_year", first["start_year"], $"The period {first["start_year"]}-{first["end_year"]} is not a Renstra period: a first year from 2000 and at most ten years."));
            return null;
        }

        var years = Enumerable.Range(start, end - start + 1).ToList();
        foreach (var year in years.Where(y => !table.Columns.Contains($"target_{y}")))
            errors.Add(new(1, $"target_{year}", null, $"The period {start}-{end} needs a column target_{year}."));
        foreach (var extra in table.Columns.Where(c => TargetColumn().IsMatch(c) && !years.Contains(int.Parse(c[7..], CultureInfo.InvariantCulture))))
            errors.Add(new(1, extra, null, $"Column '{extra}' is outside the period {start}-{end}."));
        if (errors.Count > 0) return null;

        var positions = new Dictionary<string, ImportedPosition>(StringComparer.OrdinalIgnoreCase);
        var indicators = new List<ImportedRenstraIndicator>();
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows)
        {
            var rowErrors = errors.Count;
            void Error(string column, string message) => errors.Add(new(row.Number, column, row[column], message));
            if (row["opd"] != opd) Error("opd", $"Every row must be for the same OPD ('{opd}'); import one Renstra per file.");
            if (row["start_year"] != first["start_year"] || row["end_year"] != first["end_year"])
                Error("start_year", $"Every row must hold the same period ({start}-{end}).");
            foreach (var column in Columns.Where(c => row[c] is { } text && (text.Length > Limit(c) || HasControl(text))))
                Error(column, $"must be at most {Limit(column)} characters, without control characters.");
            var level = RenstraInputs.ParseLevel(row["level"]);
            if (level is null) Error("level", "must be iku (of the OPD) or iki (of a position).");
            if (level == RenstraLevel.Iku && row["position"] is not null)
                Error("position", "must be empty for an iku: an iku belongs to the OPD.");
            if (level == RenstraLevel.Iku && (row["tugas"] is not null || row["fungsi"] is not null))
                Error("tugas", "tugas and fungsi belong to a position: an iku row leaves them empty.");
            if (level == RenstraLevel.Iki && row["position"] is null)
                Error("position", "is required for an iki: the position (jabatan) it belongs to.");
            if (level == RenstraLevel.Iki && row["position"] is { } name) Position(row, name, positions, Error, warnings);

            var code = row["indicator_code"];
            if (code is null) Error("indicator_code", "is required: the indicator's stable key, e.g. IKU-1.");
            else if (!codes.Add(code)) Error("indicator_code", $"Indicator code {code} appears twice.");
            if (row["indicator"] is null) Error("indicator", "is required: the indicator's name.");
            if (row["sasaran"] is null) Error("sasaran", "is required: the sasaran (kinerja) it measures.");
            var polarity = RenstraInputs.ParsePolarity(row["polarity"]);
            if (polarity is null) Error("polarity", "must be positive or negative.");
            var (targets, scale) = Targets(row, years, format, scales, Error);
            var unit = row["unit"] ?? targets.Select(t => t.Unit).OfType<string>().GroupBy(u => u, StringComparer.OrdinalIgnoreCase)
                .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            if (unit is null) Error("unit", "is required (satuan), unless the target cells carry it (11 Kop, 10%).");
            if (errors.Count > rowErrors) continue;

            var indicator = new ImportedRenstraIndicator(row.Number, code!, level!.Value, row["position"], row["sasaran"]!,
                row["indicator"]!, row["explanation"], unit!, polarity!.Value,
                scale is not null ? ValueKind.Grade : unit == "%" ? ValueKind.Percent : ValueKind.Number, scale?.Name,
                row["data_source"], targets);
            indicators.Add(indicator);
            foreach (var w in RenstraWarnings.ForTargets(unit!, targets))
                warnings.Add(new(row.Number, w.Year is { } y ? $"target_{y}" : "target", w.Year is { } yy ? row[$"target_{yy}"] : null,
                    $"{code}: {w.Message}"));
        }

        return opd is null ? null : new ImportedRenstra(opd, start, end, positions.Values.OrderBy(p => p.Row).ToList(), indicators);
    }

    private static void Position(ImportRow row, string name, Dictionary<string, ImportedPosition> positions,
        Action<string, string> error, List<ImportIssue> warnings)
    {
        var fungsi = Lines(row["fungsi"]);
        if (!positions.TryGetValue(name, out var known))
        {
            positions[name] = new ImportedPosition(row.Number, name, row["tugas"], fungsi);
            foreach (var w in RenstraWarnings.ForPosition(name, row["tugas"], fungsi))
                warnings.Add(new(row.Number, w.Field, row[w.Field], w.Message));
        }
        else if (row["tugas"] is { } tugas && tugas != known.Tugas || fungsi.Count > 0 && !fungsi.SequenceEqual(known.Fungsi))
            error("tugas", $"Position '{name}' was given its tugas and fungsi on row {known.Row}; later rows leave them empty or repeat them.");
    }

    private static (List<YearTarget> Targets, GradeScale? Scale) Targets(ImportRow row, IReadOnlyList<int> years, NumberFormat format,
        IReadOnlyList<GradeScale> scales, Action<string, string> error)
    {
        // A qualitative indicator is recognised by its cells: grades on one of the tenant's scales.
        var textual = years.Select(y => row[$"target_{y}"]).Where(v => !YearTargetCells.TryParse(v, format, null, out _, out _)).ToList();
        var scale = textual.Count == 0 ? null : scales.FirstOrDefault(s => textual.All(t => s.Contains(t!)));
        var targets = new List<YearTarget>();
        foreach (var year in years)
        {
            var column = $"target_{year}";
            if (YearTargetCells.TryParse(row[column], format, scale, out var target, out var unit))
                targets.Add(new YearTarget(year, target, unit));
            else error(column, $"'{row[column]}' {YearTargetCells.Expectation(format)}");
        }

        return (targets, scale);
    }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static int Limit(string column) => column switch
    {
        "tugas" or "fungsi" or "explanation" => 4000,
        "indicator_code" => 60,
        "unit" => 100,
        _ => 1000,
    };

    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    [GeneratedRegex(@"^target_\d{4}$")]
    private static partial Regex TargetColumn();
}
