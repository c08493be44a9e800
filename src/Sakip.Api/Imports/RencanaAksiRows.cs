using Sakip.Api.Indicators;
using Sakip.Api.Plans;
using Sakip.Api.Scales;

namespace Sakip.Api.Imports;

public sealed record ImportedNode(int Row, string Code, NodeLevel Level, string Name, string? ParentCode, Official? Responsible);

public sealed record ImportedIndicator(int Row, string Code, string NodeCode, string Name, string Unit, Polarity Polarity,
    Aggregation Aggregation, Schedule Schedule, ValueKind ValueKind, string? GradeScale, TargetValue? Annual,
    IReadOnlyList<TargetValue?> Periods, bool CarriesBudget, decimal? Budget, IReadOnlyList<decimal?> BudgetPlan,
    Official? Responsible, string? Formula, string? DataSource, string? RenstraCode = null);

public sealed record ImportedPlan(string Opd, int Year, IReadOnlyList<ImportedNode> Nodes, IReadOnlyList<ImportedIndicator> Indicators);

/// <summary>Reads the Rencana Aksi template into nodes and indicators, collecting every error and warning by row.</summary>
public static class RencanaAksiRows
{
    public static readonly string[] Columns =
    [
        "opd", "year", "level", "node_code", "parent_code", "node_name", "indicator_code", "indicator", "unit", "polarity",
        "aggregation", "schedule", "annual_target", .. Enumerable.Range(1, 12).Select(i => $"p{i}"), "budget",
        .. Enumerable.Range(1, 12).Select(i => $"b{i}"), "responsible", "responsible_name", "formula", "data_source",
        "renstra_indicator",
    ];

    private static readonly Dictionary<string, NodeLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sasaran"] = NodeLevel.Sasaran, ["program"] = NodeLevel.Program, ["kegiatan"] = NodeLevel.Kegiatan,
        ["subkegiatan"] = NodeLevel.SubKegiatan, ["sub kegiatan"] = NodeLevel.SubKegiatan, ["individu"] = NodeLevel.Individu,
    };

    public static ImportedPlan? Read(ImportTable table, NumberFormat format, IReadOnlyList<GradeScale> scales,
        List<ImportIssue> errors, List<ImportIssue> warnings)
    {
        table.CheckHeader(c => Columns.Contains(c), ["opd", "year", "level", "node_code", "node_name", "indicator_code"], errors, warnings);
        if (errors.Count > 0 || table.Rows.Count == 0)
        {
            if (table.Rows.Count == 0) errors.Add(new(1, null, null, "The file has a header but no rows."));
            return null;
        }

        var first = table.Rows[0];
        var opd = first["opd"];
        var year = int.TryParse(first["year"], out var y) ? y : 0;
        var nodes = new Dictionary<string, ImportedNode>(StringComparer.OrdinalIgnoreCase);
        var indicators = new List<ImportedIndicator>();
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows)
        {
            void Error(string column, string message) => errors.Add(new(row.Number, column, row[column], message));
            if (row["opd"] != opd) Error("opd", $"Every row must be for the same OPD ('{opd}'); import one OPD-year per file.");
            if (!int.TryParse(row["year"], out var rowYear) || rowYear != year || year is < 2000 or > 2100)
                Error("year", $"Every row must hold the same fiscal year ({first["year"]}), a year such as 2022.");
            var code = row["node_code"];
            if (code is null) { Error("node_code", "is required: the code of the plan node this row belongs to."); continue; }
            if (!Levels.TryGetValue(row["level"] ?? "", out var level))
            {
                Error("level", "must be sasaran, program, kegiatan, subkegiatan or individu.");
                continue;
            }

            if (!nodes.TryGetValue(code, out var node))
            {
                if (row["node_name"] is null) Error("node_name", "is required on the first row of each node.");
                nodes[code] = node = new ImportedNode(row.Number, code, level, row["node_name"] ?? code, row["parent_code"],
                    Official(row));
            }
            else if (node.Level != level || !string.Equals(node.ParentCode, row["parent_code"], StringComparison.OrdinalIgnoreCase))
                Error("parent_code", $"Node {code} was declared on row {node.Row} with another level or parent.");

            var indicatorCode = row["indicator_code"];
            if (indicatorCode is null)
            {
                if (row["indicator"] is not null) Error("indicator_code", "is required when the row names an indicator.");
                else if (row["budget"] is not null and not "-" || Enumerable.Range(1, 12).Any(i => row[$"b{i}"] is not null and not "-"))
                    warnings.Add(new(row.Number, "budget", row["budget"],
                        $"Node {code} has a budget but no indicator: a budget is recorded on the node's primary indicator, so this one is not imported."));
                continue;
            }

            if (!codes.Add(indicatorCode)) Error("indicator_code", $"Indicator code {indicatorCode} appears twice.");
            var indicator = Indicator(row, code, indicators.All(i => !string.Equals(i.NodeCode, code, StringComparison.OrdinalIgnoreCase)),
                format, scales, Error);
            if (indicator is null) continue;
            indicators.Add(indicator);
            foreach (var w in PlanWarnings.ForTargets(indicator.Aggregation, indicator.Annual, indicator.Periods))
                warnings.Add(new(row.Number, w.Field == "annualTarget" ? "annual_target" : "p1..p12", null, w.Message));
            if (indicator.CarriesBudget)
                foreach (var w in PlanWarnings.ForBudget(indicator.Budget, indicator.BudgetPlan))
                    warnings.Add(new(row.Number, "b1..b12", null, w.Message));
        }

        foreach (var node in nodes.Values.Where(n => n.ParentCode is not null && !nodes.ContainsKey(n.ParentCode)))
            warnings.Add(new(node.Row, "parent_code", node.ParentCode, $"Parent {node.ParentCode} is not in the file; it must already be in the plan."));
        return opd is null || year == 0 ? null : new ImportedPlan(opd, year, nodes.Values.ToList(), indicators);
    }

    private static ImportedIndicator? Indicator(ImportRow row, string nodeCode, bool firstOfNode, NumberFormat format,
        IReadOnlyList<GradeScale> scales, Action<string, string> error)
    {
        var ok = true;
        void Fail(string column, string message) { ok = false; error(column, message); }
        if (row["indicator"] is null) Fail("indicator", "is required: the indicator's name.");
        if (row["unit"] is null) Fail("unit", "is required (satuan), e.g. %, dokumen, UMKM.");
        var polarity = row["polarity"]?.ToLowerInvariant() switch
        {
            null or "positive" or "positif" => Polarity.Positive,
            "negative" or "negatif" => Polarity.Negative,
            _ => (Polarity?)null,
        };
        if (polarity is null) Fail("polarity", "must be positive or negative.");
        if (!Enum.TryParse<Aggregation>(row["aggregation"], true, out var aggregation) || !Enum.IsDefined(aggregation))
            Fail("aggregation", "must be sum, cumulative, last or average (how periods add up; it is never guessed).");
        if (!Enum.TryParse<Schedule>(row["schedule"], true, out var schedule) || !Enum.IsDefined(schedule))
            Fail("schedule", "must be monthly or quarterly.");
        var count = schedule == Schedule.Quarterly ? 4 : 12;

        // A qualitative indicator is recognised by its cells: grades on one of the tenant's scales.
        var cells = new[] { "annual_target" }.Concat(Enumerable.Range(1, count).Select(i => $"p{i}")).ToList();
        var textual = cells.Select(c => row[c]).Where(v => v is not null && v != "-" && !DocumentNumbers.TryParse(v, format, out _) &&
                                                           !DocumentNumbers.TryParseTarget(v, format, null, out _)).ToList();
        var scale = textual.Count == 0 ? null : scales.FirstOrDefault(s => textual.All(t => s.Contains(t!)));
        TargetValue? Target(string column)
        {
            if (DocumentNumbers.TryParseTarget(row[column], format, scale, out var target)) return target;
            Fail(column, $"'{row[column]}' is not a number in {(format == NumberFormat.Id ? "Indonesian format (1.234,5)" : "English format (1234.5)")}, " +
                         $"a range such as 80-90, a grade on a scale ({string.Join("; ", scales.Select(s => $"{s.Name}: {string.Join(" ", s.Grades)}"))}), or -.");
            return null;
        }

        var annual = Target("annual_target");
        var periods = Enumerable.Range(1, count).Select(i => Target($"p{i}")).ToList();
        if (schedule == Schedule.Quarterly)
            foreach (var i in Enumerable.Range(5, 8).Where(i => row[$"p{i}"] is not null and not "-"))
                Fail($"p{i}", "a quarterly indicator has targets in p1..p4 only (TW1..TW4).");

        var hasBudget = row["budget"] is not null || Enumerable.Range(1, 12).Any(i => row[$"b{i}"] is not null and not "-");
        if (hasBudget && !firstOfNode)
            Fail("budget", $"The budget of node {nodeCode} belongs on its first (primary) indicator row only.");
        decimal? Money(string column)
        {
            var text = row[column];
            if (text is null or "-") return null;
            if (DocumentNumbers.TryParse(text, format, out var money) && money >= 0) return money;
            Fail(column, $"'{text}' is not an amount in rupiah in {(format == NumberFormat.Id ? "Indonesian" : "English")} format.");
            return null;
        }

        var budget = Money("budget");
        var plan = Enumerable.Range(1, 12).Select(i => Money($"b{i}")).ToList();
        if (hasBudget && budget is null && row["budget"] is null) Fail("budget", "is required when b1..b12 are given.");
        if (!ok) return null;

        var kind = scale is not null ? ValueKind.Grade
            : periods.Append(annual).Any(t => t?.IsRange == true) ? ValueKind.Range
            : row["unit"]!.Contains('%') ? ValueKind.Percent : ValueKind.Number;
        return new ImportedIndicator(row.Number, row["indicator_code"]!, nodeCode, row["indicator"]!, row["unit"]!,
            polarity!.Value, aggregation, schedule, kind, scale?.Name, annual, periods, hasBudget, budget,
            hasBudget ? plan : [], Official(row), row["formula"], row["data_source"], row["renstra_indicator"]);
    }

    private static Official? Official(ImportRow row) =>
        row["responsible"] is { } position ? new Official(position, row["responsible_name"]) : null;
}
