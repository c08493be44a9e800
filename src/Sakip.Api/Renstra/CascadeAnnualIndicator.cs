using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Plans;

namespace Sakip.Api.Renstra;

/// <param name="RenstraIndicator">The code of the IKU or IKI the annual indicator serves, in the OPD's Renstra that covers
/// the indicator's year (e.g. IKU-1); null to serve none.</param>
/// <param name="Revision">Required once the Perjanjian Kinerja is signed, as for any change of the annual plan.</param>
public sealed record CascadeIndicator(long? ExpectedVersion, string? RenstraIndicator, RevisionInput? Revision);

/// <summary>
/// Names the Renstra indicator an annual indicator serves: its year-end figure becomes that year's realization of the
/// Renstra indicator, and the answer warns when its annual target differs from the Renstra target of the year.
/// </summary>
public static class CascadeAnnualIndicatorEndpoint
{
    public sealed record Context(IndicatorWrite Write, RenstraPlan? Renstra, RenstraIndicator? Serves);

    public static async Task<Context> LoadAsync(string id, CascadeIndicator? command, IDocumentSession session, CancellationToken ct)
    {
        var write = await IndicatorWrites.Load(id, session, ct);
        if (write.Stream.Aggregate is not { } indicator) return new Context(write, null, null);
        var renstra = await RenstraCascadeTargets.Load(session, indicator.Opd, indicator.Year, ct);
        var code = command?.RenstraIndicator;
        return new Context(write, renstra?.Plan, string.IsNullOrWhiteSpace(code) ? null : renstra?.Find(code));
    }

    public static ProblemDetails Before(string id, Context context, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(context.Write, id, user);

    public static ProblemDetails Validate(CascadeIndicator? command, Context context)
    {
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var indicator = context.Write.Indicator;
        var fields = new FieldChecks().Text("renstraIndicator", command.RenstraIndicator, 60, required: false);
        if (!string.IsNullOrWhiteSpace(command.RenstraIndicator) && !fields.HasErrors)
            fields.When(context.Renstra is null, "renstraIndicator", $"no Renstra of '{indicator.Opd}' covers {indicator.Year}.")
                .When(context.Renstra is not null && context.Serves is null, "renstraIndicator",
                    $"the Renstra {context.Renstra?.StartYear}-{context.Renstra?.EndYear} has no indicator '{command.RenstraIndicator}'.");
        return IndicatorWrites.Decide(context.Write, fields, command.ExpectedVersion, command.Revision);
    }

    /// <summary>Names the Renstra indicator an annual indicator serves (or none); warns when the annual target differs from the Renstra target of that year. After the PK it is a revision.</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/renstra", Name = "CascadeIndicator")]
    [Tags("Renstra")]
    public static IndicatorView Put(CascadeIndicator command, Context context)
    {
        var (write, serves) = (context.Write, context.Serves);
        var indicator = write.Indicator;
        var link = serves is null ? null : new RenstraLink(serves.IndicatorId, serves.Code, serves.StartYear, serves.EndYear);
        var version = write.NextVersion;
        var after = write.Append(new IndicatorCascaded(indicator.IndicatorId, indicator.Opd, indicator.Year, link,
            RevisionRules.ToRevision(write.Plan!, command.Revision)));
        var warnings = serves is null ? [] : RenstraProgress.TargetWarnings(serves, new ServingIndicator(after.IndicatorId,
            after.Code, after.Current.Name, after.Current.Unit, after.Year, after.Aggregation, after.Current.AnnualTarget, null));
        return IndicatorView.From(after, version, warnings.Select(w => new Warning("annualTarget", w)).ToList());
    }
}
