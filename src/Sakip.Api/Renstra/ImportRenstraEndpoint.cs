using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Opds;
using Sakip.Api.Scales;
using Wolverine.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Renstra;

/// <summary>
/// Imports an IKU/IKI template (CSV or Excel; raw body or multipart) with the conventions of the other imports: the whole
/// file is one transaction (any error stores nothing, warnings never block), <c>dryRun</c>, <c>numberFormat=id|en</c>, and
/// the same file twice changes nothing. Once the Renstra is established, changes are a Renstra Perubahan: the query
/// carries revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, years (e.g. 2021,2022) and, to revise a
/// year that already has a realization, acknowledgeRealizedYears=true.
/// </summary>
public static class ImportRenstraEndpoint
{
    /// <summary>Imports an IKU/IKI template (CSV or Excel; raw body or multipart). The file is one transaction: any error stores nothing. Once the Renstra is established the query carries the revision (revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, years).</summary>
    [WolverinePost("/api/{tenant}/imports/renstra", Name = "ImportRenstra")]
    [Tags("Imports")]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(HttpRequest request, bool? dryRun, string? numberFormat, string? revisionKind,
        string? legalBasisType, string? legalBasisNumber, string? legalBasisDate, string? reason, string? years,
        bool? acknowledgeRealizedYears, ClaimsPrincipal user, IDocumentSession session, IConfiguration configuration,
        CancellationToken ct)
    {
        RenstraRevisionInput? revision = null;
        var (upload, problem) = await ImportUpload.Receive(request, user, "import a Renstra", Roles.Planner, numberFormat,
            configuration, ct, () =>
            {
                var (basis, unreadable) = ImportUpload.Revision(revisionKind, legalBasisType, legalBasisNumber, legalBasisDate, reason, null, null);
                if (unreadable.IsProblem()) return unreadable;
                return Revision(basis, years, acknowledgeRealizedYears, out revision) ?? WolverineContinue.NoProblems;
            });
        if (upload is null) return Results.Problem(problem);
        return (await Import(upload.Batch, upload.Limits, upload.Format, dryRun == true, revision, upload.Caller, session, ct))
            .ToResult();
    }

    /// <summary>The import itself, shared by the endpoint and the demo loader.</summary>
    public static async Task<ImportOutcome> Import(ImportBatch batch, ImportSettings limits, NumberFormat format, bool dryRun,
        RenstraRevisionInput? revisionInput, SakipUser caller, IDocumentSession session, CancellationToken ct)
    {
        if (ImportReader.TryRead(batch, limits, out var table) is { } unreadable) return ImportOutcome.Refused(unreadable);

        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var scales = (await TenantScales.Load(session, ct))?.All.ToList() ?? [.. GradeScale.BuiltIn];
        var file = RenstraRows.Read(table, format, scales, errors, warnings);
        if (file is not null && !caller.CoversOpd(file.Opd))
            return ImportOutcome.Refused(Problems.Forbidden($"This token is limited to OPD '{caller.Opd}'; the file is for '{file.Opd}'."));
        if (file is not null && await session.LoadAsync<Opd>(Opd.StreamKey(file.Opd), ct) is null)
            errors.Add(new(2, "opd", file.Opd, $"No OPD with code '{file.Opd}' is registered in this tenant."));
        if (file is not null && await StartRenstraEndpoint.Overlapping(session, file.Opd, file.StartYear, file.EndYear, ct) is { } other &&
            (other.StartYear, other.EndYear) != (file.StartYear, file.EndYear))
            errors.Add(new(2, "start_year", file.StartYear.ToString(CultureInfo.InvariantCulture),
                $"The Renstra {other.StartYear}-{other.EndYear} of '{file.Opd}' covers part of {file.StartYear}-{file.EndYear} already."));
        if (file is null || errors.Count > 0)
            return ImportOutcome.Of(batch, table, dryRun, errors, warnings, [], 0, stored: false);

        var import = await RenstraImport.Decide(file, session, revisionInput, ct);
        errors.AddRange(import.Errors);
        var plan = await session.LoadAsync<RenstraPlan>(RenstraPlan.StreamKey(file.Opd, file.StartYear, file.EndYear), ct);
        if (import.Changes.Count > 0 && plan is not null && RenstraRevisionRules.Check(plan, revisionInput) is var rule && rule.IsProblem())
            return ImportOutcome.Refused(rule);

        var store = errors.Count == 0 && !dryRun && import.Streams.Count > 0;
        if (store)
        {
            batch.Stamp(session);
            foreach (var stream in import.Streams)
                stream.AppendTo(session, stream.StreamKey.StartsWith("renstra:") ? typeof(RenstraPlan) : typeof(RenstraIndicator));
        }

        return ImportOutcome.Of(batch, table, dryRun, errors, warnings, import.Changes, import.Unchanged, store);
    }

    /// <summary>The revision the query states (the annual imports' parameters, plus <c>years</c>), or a 400 on bad years.</summary>
    private static ProblemDetails? Revision(RevisionInput? input, string? years, bool? acknowledge, out RenstraRevisionInput? revision)
    {
        revision = null;
        if (input is null && years is null) return null;
        var listed = new List<int>();
        foreach (var text in (years ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
                return Problems.Validation(new Problems.FieldError("years", $"'{text}' is not a year; list them as 2021,2022."));
            listed.Add(year);
        }

        revision = new RenstraRevisionInput(input?.Kind, input?.LegalBasis, input?.Reason, listed.Count == 0 ? null : listed,
            acknowledge == true);
        return null;
    }
}
