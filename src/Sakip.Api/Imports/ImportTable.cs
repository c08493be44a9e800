using System.Text;
using MiniExcelLibs;

namespace Sakip.Api.Imports;

/// <summary>A problem found in the file, located as a planner would look for it: row, column and value.</summary>
public sealed record ImportIssue(int Row, string? Column, string? Value, string Message);

/// <summary>The rows of an uploaded template: header names lower-cased, every cell as trimmed text.</summary>
public sealed record ImportTable(IReadOnlyList<string> Columns, IReadOnlyList<ImportRow> Rows)
{
    /// <summary>Every template's header rule: a column it does not know is ignored with a warning, a missing required one is an error.</summary>
    public void CheckHeader(Func<string, bool> known, IEnumerable<string> required, List<ImportIssue> errors, List<ImportIssue> warnings)
    {
        foreach (var unknown in Columns.Distinct().Where(c => c.Length > 0 && !known(c)))
            warnings.Add(new(1, unknown, null, $"Column '{unknown}' is not part of the template and is ignored."));
        foreach (var missing in required.Except(Columns))
            errors.Add(new(1, missing, null, $"The required column '{missing}' is missing from the header row."));
    }
}

public sealed record ImportRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] =>
        Cells.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>Reads CSV (comma, semicolon or tab, detected from the header) or the first sheet of an Excel workbook.</summary>
public static class ImportReader
{
    public const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The table of an upload, or the problem that makes it unreadable (400 naming the file).</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails? TryRead(ImportBatch batch, ImportSettings limits, out ImportTable table)
    {
        try
        {
            table = Read(batch.Content, batch.MediaType, batch.FileName, limits.MaxRows, limits.MaxUncompressedBytes);
            return null;
        }
        catch (ImportFormatException e)
        {
            table = new ImportTable([], []);
            return Infrastructure.Http.Problems.Validation(new Infrastructure.Http.Problems.FieldError("file", e.Message));
        }
    }

    public static ImportTable Read(byte[] content, string? mediaType, string? fileName, int maxRows,
        long maxUncompressedBytes = ImportSettings.DefaultMaxUncompressedBytes)
    {
        var excel = mediaType?.StartsWith(ExcelType, StringComparison.OrdinalIgnoreCase) == true ||
                    fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) == true ||
                    content is [(byte)'P', (byte)'K', ..];
        var table = excel ? ReadExcel(content, maxRows, maxUncompressedBytes) : ReadCsv(content);
        if (table.Rows.Count > maxRows) throw TooManyRows(maxRows);
        foreach (var row in table.Rows)
        {
            if (row.Cells.FirstOrDefault(c => !Infrastructure.Http.JsonBodyCheck.Clean(c.Value)) is { Key: { } column })
                throw new ImportFormatException($"Row {row.Number}, column '{Shorten(column)}' holds a NUL or another control character.");
            if (row.Cells.FirstOrDefault(c => c.Value.Length > MaxCellLength) is { Key: { } tooLong })
                throw new ImportFormatException($"Row {row.Number}, column '{Shorten(tooLong)}' holds more than {MaxCellLength} characters.");
        }

        if (table.Columns.FirstOrDefault(c => c.Length > 100 || !Infrastructure.Http.JsonBodyCheck.Clean(c)) is { } header)
            throw new ImportFormatException($"The header '{Shorten(header)}' is not a column name of the template.");
        return table;
    }

    /// <summary>No cell of a template holds more (an indicator's formula runs to a paragraph).</summary>
    public const int MaxCellLength = 10_000;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static ImportFormatException TooManyRows(int maxRows) =>
        new($"The file has more than {maxRows} rows; at most {maxRows} are accepted per import (split it per OPD-year).");

    /// <summary>
    /// A workbook is a zip: a small file can unpack to gigabytes, and a sheet can hold a million rows. The unpacked
    /// size is measured before anything parses it, and reading stops at the first row past the limit.
    /// </summary>
    private static ImportTable ReadExcel(byte[] content, int maxRows, long maxUncompressedBytes)
    {
        Unpacked(content, maxUncompressedBytes);
        try
        {
            using var stream = new MemoryStream(content);
            var rows = new List<ImportRow>();
            var number = 1;
            foreach (var row in stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>())
            {
                number++;
                if (number - 1 > maxRows) throw TooManyRows(maxRows);
                var cells = row.ToDictionary(c => Normalize(c.Key), c => Cell(c.Value));
                if (cells.Values.Any(v => v.Length > 0)) rows.Add(new ImportRow(number, cells));
            }

            stream.Position = 0;
            var columns = stream.GetColumns(useHeaderRow: true).Select(Normalize).ToList();
            return new ImportTable(columns, rows);
        }
        catch (Exception e) when (e is not ImportFormatException)
        {
            throw new ImportFormatException("The file is not a readable Excel workbook (.xlsx): save it again from a " +
                                            "spreadsheet program, or upload the CSV template.");
        }
    }

    private static void Unpacked(byte[] content, long maxUncompressedBytes)
    {
        long total = 0;
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content), System.IO.Compression.ZipArchiveMode.Read);
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                // Counted as it inflates: the sizes a zip declares can lie.
                using var data = entry.Open();
                int read;
                while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
                    if ((total += read) > maxUncompressedBytes)
                        throw new ImportFormatException($"The workbook unpacks to more than {maxUncompressedBytes / 1024 / 1024} MiB; " +
                                                        "upload the CSV template or split the file.");
            }
        }
        catch (Exception e) when (e is not ImportFormatException)
        {
            throw new ImportFormatException("The file is not a readable Excel workbook (.xlsx): its zip container is damaged.");
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd"),
        _ => value.ToString()!.Trim(),
    };

    private static ImportTable ReadCsv(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFormatException("The file is not UTF-8 text: save the CSV as UTF-8 (or upload the Excel file).");
        }

        if (text.Contains('\0')) throw new ImportFormatException("The file is neither CSV text nor an Excel workbook.");
        var records = Csv.Parse(text);
        if (records.Count == 0) throw new ImportFormatException("The file is empty: the first row must hold the column names.");
        var columns = records[0].Select(Normalize).ToList();
        var rows = new List<ImportRow>();
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].All(string.IsNullOrWhiteSpace)) continue;
            var cells = new Dictionary<string, string>();
            for (var c = 0; c < columns.Count; c++) cells[columns[c]] = c < records[i].Count ? records[i][c].Trim() : "";
            rows.Add(new ImportRow(i + 1, cells));
        }

        return new ImportTable(columns, rows);
    }

    private static string Normalize(string header) => header.Trim().ToLowerInvariant();
}

/// <summary>RFC 4180 CSV with the delimiter (comma, semicolon or tab) taken from the header line.</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var delimiter = new[] { ',', ';', '\t' }.MaxBy(d => firstLine.Count(c => c == d));
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == delimiter) { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else field.Append(c);
        }

        if (quoted) throw new ImportFormatException("The CSV has an unterminated quoted field.");
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
