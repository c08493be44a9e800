using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Imports;

/// <summary>
/// Imports a Rencana Aksi template (CSV or Excel; raw body or multipart). The whole file is one transaction:
/// any error stores nothing; warnings never block. Once the plan is established, changes are formal revisions
/// and the query carries revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason and
/// effectiveFromMonth.
/// </summary>
public static class ImportRencanaAksiEndpoint
{
    /// <summary>Imports a Rencana Aksi template (CSV or Excel; raw body or multipart). The file is one transaction: any error stores nothing. Once the plan is established the query carries the revision (revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, effectiveFromMonth).</summary>
    [WolverinePost("/api/{tenant}/imports/rencana-aksi", Name = "ImportRencanaAksi")]
    [Tags("Imports")]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(HttpRequest request, bool? dryRun, string? numberFormat, string? revisionKind,
        string? legalBasisType, string? legalBasisNumber, string? legalBasisDate, string? reason, int? effectiveFromMonth,
        bool? acknowledgeRealizedPeriods, ClaimsPrincipal user, IDocumentSession session, IConfiguration configuration,
        CancellationToken ct)
    {
        if (Access.Require(user, "import plans", Roles.Planner) is var denied && denied.IsProblem()) return Results.Problem(denied);
        if (ImportUpload.Format(numberFormat) is not { } format)
            return Results.Problem(Problems.Validation(new Problems.FieldError("numberFormat", "must be id or en.")));
        var limits = ImportSettings.From(configuration);
        var (batch, problem) = await ImportUpload.Read(request, limits, ct);
        if (batch is null) return Results.Problem(problem);
        if (ImportUpload.Revision(revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, effectiveFromMonth,
                acknowledgeRealizedPeriods) is var (revision, unreadable) && unreadable.IsProblem())
            return Results.Problem(unreadable);
        return await Import(batch, limits, format, dryRun == true, revision, user, session, ct);
    }

    /// <summary>The import itself, shared by the endpoint and the demo loader.</summary>
    public static async Task<IResult> Import(ImportBatch batch, ImportSettings limits, NumberFormat format, bool dryRun,
        RevisionInput? revisionInput, ClaimsPrincipal user, IDocumentSession session, CancellationToken ct)
    {
        if (ImportReader.TryRead(batch, limits, out var table) is { } unreadable) return Results.Problem(unreadable);

        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var scales = (await TenantScales.Load(session, ct))?.All.ToList() ?? [.. GradeScale.BuiltIn];
        var file = RencanaAksiRows.Read(table, format, scales, errors, warnings);
        if (file is not null && SakipUser.From(user) is { } caller && !caller.CoversOpd(file.Opd))
            return Results.Problem(Problems.Forbidden($"This token is limited to OPD '{caller.Opd}'; the file is for '{file.Opd}'."));
        if (file is not null && await session.LoadAsync<Opd>(Opd.StreamKey(file.Opd), ct) is null)
            errors.Add(new(2, "opd", file.Opd, $"No OPD with code '{file.Opd}' is registered in this tenant."));
        if (file is null || errors.Count > 0) return Report(batch, table, dryRun, errors, warnings, [], 0, stored: false);

        var planNow = await session.LoadAsync<Plan>(Plan.StreamKey(file.Opd, file.Year), ct);
        var import = await RencanaAksiImport.Decide(file, session, revisionInput, ct);
        errors.AddRange(import.Errors);
        warnings.AddRange(import.Warnings);
        if (import.Changes.Count > 0 && planNow is not null && RevisionRules.Check(planNow, revisionInput) is var rule && rule.IsProblem())
            return Results.Problem(rule);
        if (import.TouchesRealizedPeriodsWithoutAcknowledgement(revisionInput))
            errors.Add(new(1, "acknowledgeRealizedPeriods", null,
                "The file revises targets of periods that already have a realization: add acknowledgeRealizedPeriods=true (flagged for the Inspektorat)."));

        var store = errors.Count == 0 && !dryRun && import.Streams.Count > 0;
        if (store)
        {
            batch.Stamp(session);
            foreach (var stream in import.Streams)
                stream.AppendTo(session, stream.StreamKey.StartsWith("plan:") ? typeof(Plan) : typeof(Indicator));
        }

        return Report(batch, table, dryRun, errors, warnings, import.Changes, import.Unchanged, store);
    }

    public static IResult Report(ImportBatch batch, ImportTable table, bool dryRun, List<ImportIssue> errors,
        List<ImportIssue> warnings, IReadOnlyList<ImportChange> changes, int unchanged, bool stored)
    {
        var report = new ImportReport(dryRun, stored, batch.FileName, batch.Sha256, table.Rows.Count, errors, warnings,
            changes, unchanged);
        if (errors.Count == 0) return Results.Ok(report);
        return Results.Problem(new ProblemDetails
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
