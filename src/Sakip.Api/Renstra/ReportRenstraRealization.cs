using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Domain;
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
        RenstraWrites.Allowed(write, id, user, opd => Access.RequireForOpd(user, opd, "report realizations", Roles.Operator));

    public static ProblemDetails Validate(int year, ReportRenstraRealization? command, RenstraIndicatorWrite write)
    {
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        return Decide(year, command, write).Refusals.ToProblem(command.ExpectedVersion, write.Stream);
    }

    /// <summary>
    /// Whether the year's realization may be reported as asked, and the event: the one decision the endpoint and the
    /// demo loader make (the expected version is checked where the stream is loaded).
    /// </summary>
    public static (RenstraRealizationReported? Event, IReadOnlyList<Refusal> Refusals) Decide(int year,
        ReportRenstraRealization command, RenstraIndicatorWrite write)
    {
        var i = write.Indicator;
        var fields = new FieldChecks()
            .When(year < i.StartYear || year > i.EndYear, "year", $"must be a year of the period {i.StartYear}-{i.EndYear}.")
            .Text("evidence", command.Evidence, 500).Text("note", command.Note, 4000, required: false)
            .Text("correctionReason", command.CorrectionReason, 2000, required: false);
        var value = Value(command.Value, write, fields);
        if (fields.HasErrors) return (null, fields.ToRefusals("renstra-realization-input"));
        if (write.Renstra is not { IsEstablished: true })
            return (null, [Refused("renstra-established", null, "The Renstra is still a draft: realizations are reported once it is established.")]);
        if (write.Serving.Where(s => s.Year == year).ToList() is { Count: > 0 } serving)
            return (null, [Refused("renstra-year-cascades", null,
                $"The realization of {year} comes from the annual indicators that serve this one ({string.Join(", ", serving.Select(s => $"{s.Code} {s.Year}"))}): report it there.")]);
        if (i.Realizations.ContainsKey(year) && string.IsNullOrWhiteSpace(command.CorrectionReason))
            return (null, [Refused("renstra-correction-reason", "correctionReason", "is required to correct a reported year.")
                with { Summary = $"{year} was reported already: a correction needs a reason, and is flagged." }]);
        var correction = i.Realizations.ContainsKey(year) ? new Correction(command.CorrectionReason!.Trim(), false) : null;
        return (new RenstraRealizationReported(i.IndicatorId, i.Opd, i.StartYear, i.EndYear, year, value!,
            command.Evidence!.Trim(), AddRenstraPositionEndpoint.Blank(command.Note), correction), []);
    }

    private static Refusal Refused(string rule, string? field, string message) => new(rule, field, message) { Kind = RefusalKind.Refused };

    /// <summary>Reports the realization of a Renstra indicator for a year that no annual indicator serves, with its evidence.</summary>
    [WolverinePut("/api/{tenant}/renstra-indicators/{id}/realizations/{year}", Name = "ReportRenstraRealization")]
    [Tags("Renstra")]
    public static RenstraIndicatorView Put(int year, ReportRenstraRealization command, RenstraIndicatorWrite write) =>
        RenstraIndicatorView.From(write.Append(Decide(year, command, write).Event!));

    /// <summary>A year's value is read by the same rule as a period's (<see cref="RealizationRules.Value"/>).</summary>
    private static RealizedValue? Value(JsonElement? value, RenstraIndicatorWrite write, FieldChecks fields)
    {
        var (read, refused) = RealizationRules.Value(RawValue.FromJson(value), write.Indicator.ValueKind,
            Scales.TenantScales.Of(write.Scales, write.Indicator.GradeScale), RawValue.Invariant);
        if (refused is not null) fields.Add("value", refused.Message);
        return read;
    }
}
