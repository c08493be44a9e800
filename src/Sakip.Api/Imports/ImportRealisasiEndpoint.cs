using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Sakip.Api.Realizations;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Imports;

/// <summary>
/// Imports monthly (or quarterly) realizations: one row per indicator and period. A row equal to what is stored
/// changes nothing; a different value is a resubmission, and correcting a verified one needs correctionReason.
/// </summary>
public static class ImportRealisasiEndpoint
{
    private static readonly string[] Columns =
    [
        "opd", "year", "indicator_code", "period", "value", "budget_realized", "evidence", "supporting_factors",
        "inhibiting_factors", "follow_up",
    ];

    /// <summary>Imports realizations (CSV or Excel; raw body or multipart): one row per indicator and period. Unchanged rows store nothing; correcting a verified value needs correctionReason.</summary>
    [WolverinePost("/api/{tenant}/imports/realisasi", Name = "ImportRealisasi")]
    [Tags("Imports")]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(HttpRequest request, bool? dryRun, string? numberFormat, string? correctionReason,
        ClaimsPrincipal user, IDocumentSession session, IConfiguration configuration, CancellationToken ct)
    {
        var (upload, problem) = await ImportUpload.Receive(request, user, "import realizations", Roles.Operator, numberFormat,
            configuration, ct);
        if (upload is null) return Results.Problem(problem);
        return (await Import(upload.Batch, upload.Limits, upload.Format, dryRun == true, correctionReason, upload.Caller, session,
            ct)).ToResult();
    }

    /// <summary>The import itself, shared by the endpoint and the demo loader.</summary>
    public static async Task<ImportOutcome> Import(ImportBatch batch, ImportSettings limits, NumberFormat format, bool dryRun,
        string? correctionReason, SakipUser caller, IDocumentSession session, CancellationToken ct)
    {
        if (ImportReader.TryRead(batch, limits, out var table) is { } unreadable) return ImportOutcome.Refused(unreadable);

        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        table.CheckHeader(c => Columns.Contains(c), ["opd", "year", "indicator_code", "period", "value", "evidence"], errors, warnings);
        if (errors.Count > 0 || table.Rows.Count == 0)
            return ImportOutcome.Of(batch, table, dryRun, errors.Count > 0 ? errors : [new(1, null, null, "The file has no rows.")], warnings, [], 0, false);

        var scales = await TenantScales.Load(session, ct);
        var indicators = new Dictionary<string, Indicator?>(StringComparer.OrdinalIgnoreCase);
        var plans = new Dictionary<string, Plan?>();
        var pending = new Dictionary<string, (Indicator Indicator, List<(int, object)> Events)>();
        var changes = new List<ImportChange>();
        var unchanged = 0;
        foreach (var row in table.Rows)
        {
            void Error(string column, string message) => errors.Add(new(row.Number, column, row[column], message));
            void Refused(Refusal refusal) => Error(ColumnOf(refusal.Field), refusal.Message);
            var opd = row["opd"] ?? "";
            if (!caller.CoversOpd(opd)) { Error("opd", $"This token is limited to OPD '{caller.Opd}'."); continue; }
            if (!int.TryParse(row["year"], out var year)) { Error("year", "must be a fiscal year such as 2022."); continue; }
            var code = row["indicator_code"] ?? "";
            var key = $"{opd}|{year}|{code}";
            if (!indicators.TryGetValue(key, out var indicator))
                indicators[key] = indicator = await session.Query<Indicator>()
                    .FirstOrDefaultAsync(i => i.Opd == opd && i.Year == year && i.Code == code, ct);
            if (indicator is null) { Error("indicator_code", $"No indicator {code} in the plan of '{opd}' for {year}."); continue; }
            if (!plans.TryGetValue($"{opd}|{year}", out var plan))
                plans[$"{opd}|{year}"] = plan = await session.LoadAsync<Plan>(Plan.StreamKey(opd, year), ct);
            if (RealizationRules.Reporting(plan) is { } closed) { Refused(closed); continue; }

            var current = pending.TryGetValue(indicator.Id, out var p) ? p.Indicator : indicator;
            decimal? budget = DocumentNumbers.TryParse(row["budget_realized"], format, out var amount) ? amount : null;
            var unreadableBudget = row["budget_realized"] is not null && budget is null;
            if (unreadableBudget) Error("budget_realized", "is not an amount in rupiah.");
            var input = new RealizationInput(Period(row["period"], current.Schedule), new RawValue(null, row["value"]),
                budget, row["evidence"], row["supporting_factors"], row["inhibiting_factors"], row["follow_up"], correctionReason);
            var (value, refusals) = RealizationRules.Check(current, TenantScales.Of(scales, current.GradeScale), input,
                text => DocumentNumbers.TryParse(text, format, out var number) ? number : null);
            foreach (var refusal in refusals) Refused(refusal);
            if (unreadableBudget || refusals.Count > 0) continue;

            var existing = current.Realizations.GetValueOrDefault(input.Period);
            if (existing is not null && existing.Value == value && existing.BudgetRealizedToDate == budget &&
                existing.Evidence == row["evidence"] && existing.Status != RealizationStatus.Returned)
            {
                unchanged++;
                continue;
            }

            if (RealizationRules.CorrectionReason(input.Period, existing, correctionReason) is { } uncorrected)
            {
                Refused(uncorrected);
                continue;
            }

            var submitted = RealizationRules.Submitted(current, input, value!, existing);
            var events = p.Events ?? [];
            events.Add((row.Number, submitted));
            pending[indicator.Id] = (Indicator.Step(current, PendingEvent.Of(submitted, current.Version + 1))!, events);
            changes.Add(new(row.Number, existing is null ? "realizationSubmitted" : "realizationCorrected", code,
                $"period {input.Period}: {value!.Number?.ToString() ?? value.Grade}"));
        }

        var store = errors.Count == 0 && !dryRun && pending.Count > 0;
        if (store)
        {
            batch.Stamp(session);
            foreach (var (key, (after, events)) in pending)
                new PendingStream(key, false, indicators.Values.First(i => i?.Id == key)!.Version, events).AppendTo(session, typeof(Indicator));
        }

        return ImportOutcome.Of(batch, table, dryRun, errors, warnings, changes, unchanged, store);
    }

    /// <summary>The period as written (TW1..TW4 for a quarterly indicator), or 0 where it is no period at all.</summary>
    private static int Period(string? text, Schedule schedule)
    {
        var s = text?.Trim().ToUpperInvariant() ?? "";
        if (schedule == Schedule.Quarterly && s.StartsWith("TW")) s = s[2..].Trim();
        return int.TryParse(s, out var p) ? p : 0;
    }

    /// <summary>The template's column of a field the rules name; a refusal of the whole row is about its year's plan.</summary>
    private static string ColumnOf(string? field) => field switch
    {
        null => "year",
        "budgetRealized" => "budget_realized",
        "supportingFactors" => "supporting_factors",
        "inhibitingFactors" => "inhibiting_factors",
        "followUp" => "follow_up",
        _ => field,
    };
}
