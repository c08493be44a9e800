using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Realizations;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <param name="Value">The year's realization: a number, or a grade for qualitative indicators.</param>
/// <param name="Evidence">Reference of the supporting document (bukti dukung), e.g. the LKjIP of that year.</param>
/// <param name="CorrectionReason">Required when the year was reported already (the correction is flagged).</param>
public sealed record ReportRenstraRealization(long? ExpectedVersion, JsonElement? Value, string? Evidence, string? Note,
    string? CorrectionReason);

/// <summary>
/// Reports a year's realization of a Renstra indicator directly, with its evidence — for the years no annual indicator
/// cascades from it; where one does, its year-end figure is the realization and this is refused.
/// </summary>
public static class ReportRenstraRealizationEndpoint
{
    public static Task<RenstraIndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        RenstraWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, RenstraIndicatorWrite write, ClaimsPrincipal user) =>
        write.Stream.Aggregate is null
            ? Problems.NotFound($"No Renstra indicator '{id}'.")
            : Access.RequireForOpd(user, write.Indicator.Opd, "report realizations", Roles.Operator);

    public static ProblemDetails Validate(int year, ReportRenstraRealization? command, RenstraIndicatorWrite write)
    {
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var indicator = write.Indicator;
        var fields = new FieldChecks().RequiredVersion("expectedVersion", command.ExpectedVersion)
            .When(year < indicator.StartYear || year > indicator.EndYear, "year",
                $"must be a year of the period {indicator.StartYear}-{indicator.EndYear}.")
            .Text("evidence", command.Evidence, 500).Text("note", command.Note, 4000, required: false)
            .Text("correctionReason", command.CorrectionReason, 2000, required: false);
        Value(command.Value, write, fields);
        if (fields.HasErrors) return fields.Result();
        if (write.Renstra is not { IsEstablished: true })
            return Problems.Unprocessable("The Renstra is still a draft: realizations are reported once it is established.");
        if (write.Serving.Where(s => s.Year == year).ToList() is { Count: > 0 } serving)
            return Problems.Unprocessable(
                $"The realization of {year} comes from the annual indicators that serve this one ({string.Join(", ", serving.Select(s => $"{s.Code} {s.Year}"))}): report it there.");
        if (indicator.Realizations.ContainsKey(year) && string.IsNullOrWhiteSpace(command.CorrectionReason))
            return Problems.Unprocessable($"{year} was reported already: a correction needs a reason, and is flagged.",
                new Problems.FieldError("correctionReason", "is required to correct a reported year."));
        return ExpectedVersion.Check(command.ExpectedVersion, write.Stream);
    }

    /// <summary>Reports the realization of a Renstra indicator for a year that no annual indicator serves, with its evidence.</summary>
    [WolverinePut("/api/{tenant}/renstra-indicators/{id}/realizations/{year}", Name = "ReportRenstraRealization")]
    [Tags("Renstra")]
    public static RenstraIndicatorView Put(int year, ReportRenstraRealization command, RenstraIndicatorWrite write)
    {
        var i = write.Indicator;
        var correction = i.Realizations.ContainsKey(year) ? new Correction(command.CorrectionReason!.Trim(), false) : null;
        return RenstraIndicatorView.From(write.Append(new RenstraRealizationReported(i.IndicatorId, i.Opd, i.StartYear, i.EndYear,
            year, Value(command.Value, write, new FieldChecks())!, command.Evidence!.Trim(),
            AddRenstraPositionEndpoint.Blank(command.Note), correction)));
    }

    /// <summary>A year's value is read by the same rule as a period's (<see cref="RealizationRules.Value"/>).</summary>
    private static RealizedValue? Value(JsonElement? value, RenstraIndicatorWrite write, FieldChecks fields)
    {
        var (read, refused) = RealizationRules.Value(RawValue.FromJson(value), write.Indicator.ValueKind,
            Scales.TenantScales.Of(write.Scales, write.Indicator.GradeScale), RawValue.Invariant);
        if (refused is not null) fields.Add("value", refused.Message);
        return read;
    }
}
