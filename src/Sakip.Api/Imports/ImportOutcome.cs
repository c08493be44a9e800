using Microsoft.AspNetCore.Mvc;

namespace Sakip.Api.Imports;

/// <summary>
/// What an import decided: its report, and the problem when the file is refused (then nothing was stored). The
/// endpoints answer it over HTTP; the demo loader reads it as it is.
/// </summary>
public sealed record ImportOutcome(ImportReport? Report, ProblemDetails? Problem)
{
    public bool Stored => Problem is null && Report is { Stored: true };

    public IResult ToResult() => Problem is null ? Results.Ok(Report) : Results.Problem(Problem);

    public static ImportOutcome Refused(ProblemDetails problem) => new(null, problem);

    public static ImportOutcome Of(ImportBatch batch, ImportTable table, bool dryRun, List<ImportIssue> errors,
        List<ImportIssue> warnings, IReadOnlyList<ImportChange> changes, int unchanged, bool stored)
    {
        var report = new ImportReport(dryRun, stored, batch.FileName, batch.Sha256, table.Rows.Count, errors, warnings,
            changes, unchanged);
        if (errors.Count == 0) return new(report, null);
        return new(report, new ProblemDetails
        {
            Type = "https://sakip.dev/problems/import", Title = "The file has errors: nothing was stored.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = string.Join(" ", errors.Take(5).Select(e => $"Row {e.Row}{(e.Column is null ? "" : $", {e.Column}")}: {e.Message}")) +
                     (errors.Count > 5 ? $" (and {errors.Count - 5} more)" : ""),
            Extensions =
            {
                ["fileName"] = report.FileName, ["sha256"] = report.Sha256, ["rows"] = report.Rows,
                ["errors"] = report.Errors, ["warnings"] = report.Warnings,
            },
        });
    }
}
