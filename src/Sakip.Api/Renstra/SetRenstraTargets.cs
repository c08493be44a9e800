using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <param name="Targets">The target of every year of the period (a year left out has none).</param>
public sealed record SetRenstraTargets(long? ExpectedVersion, IReadOnlyList<YearTargetInput?>? Targets, RenstraRevisionInput? Revision);

/// <summary>
/// Sets the targets per year: freely in draft; once the Renstra is established, as a Renstra Perubahan that states the
/// years it changes, acknowledging (and flagging) years that already have a realization.
/// </summary>
public static class SetRenstraTargetsEndpoint
{
    public static Task<RenstraIndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        RenstraWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, RenstraIndicatorWrite write, ClaimsPrincipal user) =>
        RenstraWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(SetRenstraTargets? command, RenstraIndicatorWrite write)
    {
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var fields = new FieldChecks();
        var targets = Read(command, write, fields);
        return RenstraWrites.Decide(write, fields, command.ExpectedVersion, command.Revision, () =>
        {
            var changed = RenstraRevisionRules.ChangedYears(write.Indicator.Current.Targets, targets);
            return RenstraRevisionRules.Years(write.Renstra!, command.Revision, changed,
                changed.Where(write.Realized.ContainsKey).ToList());
        });
    }

    /// <summary>Sets the targets per year of a Renstra indicator. After signing it is a Renstra Perubahan naming the years it changes.</summary>
    [WolverinePut("/api/{tenant}/renstra-indicators/{id}/targets", Name = "SetRenstraTargets")]
    [Tags("Renstra")]
    public static RenstraIndicatorView Put(SetRenstraTargets command, RenstraIndicatorWrite write)
    {
        var indicator = write.Indicator;
        var targets = Read(command, write, new FieldChecks());
        var revision = RenstraRevisionRules.ToRevision(write.Renstra!, command.Revision);
        var after = write.Append(new RenstraTargetsSet(indicator.IndicatorId, indicator.Opd, indicator.StartYear, indicator.EndYear,
            targets, revision, revision is null ? [] : RenstraRevisionRules.RealizedRevised(indicator, targets, write.Realized)));
        return RenstraIndicatorView.From(after, RenstraWarnings.ForTargets(after.Current.Unit, targets));
    }

    private static List<YearTarget> Read(SetRenstraTargets command, RenstraIndicatorWrite write, FieldChecks fields) =>
        RenstraInputs.Targets(command.Targets, write.Indicator.StartYear, write.Indicator.EndYear, write.Indicator.ValueKind,
            Scales.TenantScales.Of(write.Scales, write.Indicator.GradeScale), fields);
}
