using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Indicators;

/// <param name="Formula">How it is measured (formula / explanation, as IKU documents state it).</param>
public sealed record ChangeDetails([property: Required] long? ExpectedVersion, [property: Required] string? Name, [property: Required] string? Unit, string? Formula,
    string? DataSource, RevisionInput? Revision);

/// <summary>Limits of the descriptive fields of an indicator (IKU documents: a formula runs to a paragraph).</summary>
public static class DetailChecks
{
    public const int MaxFormula = 4000;
    public const int MaxDataSource = 1000;

    public static FieldChecks Check(FieldChecks checks, string? formula, string? dataSource) => checks
        .When(formula?.Trim().Length > MaxFormula, "formula", $"must be at most {MaxFormula} characters.")
        .When(dataSource?.Trim().Length > MaxDataSource, "dataSource", $"must be at most {MaxDataSource} characters.");
}

/// <summary>Corrects the indicator's name, unit, formula or data source.</summary>
public static class ChangeDetailsEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(ChangeDetails command, IndicatorWrite write) =>
        IndicatorWrites.Decide(write, DetailChecks.Check(new FieldChecks().Required("name", command.Name, 1000)
            .Required("unit", command.Unit, 100), command.Formula, command.DataSource), command.ExpectedVersion, command.Revision);

    /// <summary>Corrects the indicator's name, unit, formula or data source.</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/details", Name = "ChangeIndicatorDetails")]
    [Tags("Indicators")]
    public static IndicatorView Put(ChangeDetails command, IndicatorWrite write)
    {
        return write.Answer(new IndicatorDetailsChanged(write.Indicator.IndicatorId, write.Indicator.Opd, write.Indicator.Year,
            command.Name!.Trim(), command.Unit!.Trim(), command.Formula?.Trim(), command.DataSource?.Trim(),
            RevisionRules.ToRevision(write.Plan!, command.Revision)));
    }
}
