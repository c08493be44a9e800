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
        var (upload, problem) = await ImportUpload.Receive(request, user, "import plans", Roles.Planner, numberFormat,
            configuration, ct);
        if (upload is null) return Results.Problem(problem);
        if (ImportUpload.Revision(revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, effectiveFromMonth,
                acknowledgeRealizedPeriods) is var (revision, unreadable) && unreadable.IsProblem())
            return Results.Problem(unreadable);
        return (await Import(upload.Batch, upload.Limits, upload.Format, dryRun == true, revision, upload.Caller, session, ct))
            .ToResult();
    }

    /// <summary>The import itself, shared by the endpoint and the demo loader.</summary>
    public static async Task<ImportOutcome> Import(ImportBatch batch, ImportSettings limits, NumberFormat format, bool dryRun,
        RevisionInput? revisionInput, SakipUser caller, IDocumentSession session, CancellationToken ct)
    {
        if (ImportReader.TryRead(batch, limits, out var table) is { } unreadable) return ImportOutcome.Refused(unreadable);

        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var scales = (await TenantScales.Load(session, ct))?.All.ToList() ?? [.. GradeScale.BuiltIn];
        var file = RencanaAksiRows.Read(table, format, scales, errors, warnings);
        if (file is not null && !caller.CoversOpd(file.Opd))
            return ImportOutcome.Refused(Problems.Forbidden($"This token is limited to OPD '{caller.Opd}'; the file is for '{file.Opd}'."));
        if (file is not null && await session.LoadAsync<Opd>(Opd.StreamKey(file.Opd), ct) is null)
            errors.Add(new(2, "opd", file.Opd, $"No OPD with code '{file.Opd}' is registered in this tenant."));
        if (file is null || errors.Count > 0) return ImportOutcome.Of(batch, table, dryRun, errors, warnings, [], 0, stored: false);

        var planNow = await session.LoadAsync<Plan>(Plan.StreamKey(file.Opd, file.Year), ct);
        var import = await RencanaAksiImport.Decide(file, session, revisionInput, ct);
        errors.AddRange(import.Errors);
        warnings.AddRange(import.Warnings);
        if (import.Changes.Count > 0 && planNow is not null && RevisionRules.Check(planNow, revisionInput) is var rule && rule.IsProblem())
            return ImportOutcome.Refused(rule);
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

        return ImportOutcome.Of(batch, table, dryRun, errors, warnings, import.Changes, import.Unchanged, store);
    }
}
