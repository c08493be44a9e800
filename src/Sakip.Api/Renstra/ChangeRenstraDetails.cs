using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

public sealed record ChangeRenstraDetails(long? ExpectedVersion, string? Sasaran, string? Name, string? Explanation, string? Unit,
    string? DataSource, RenstraRevisionInput? Revision);

/// <summary>Corrects the sasaran, name, explanation (formula), unit or data source of a Renstra indicator.</summary>
public static class ChangeRenstraDetailsEndpoint
{
    public static Task<RenstraIndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        RenstraWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, RenstraIndicatorWrite write, ClaimsPrincipal user) =>
        RenstraWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(ChangeRenstraDetails? command, RenstraIndicatorWrite write) => command is null
        ? Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."))
        : RenstraWrites.Decide(write, new FieldChecks().Text("sasaran", command.Sasaran, 1000).Text("name", command.Name, 1000)
            .Text("unit", command.Unit, 100).Text("explanation", command.Explanation, 4000, required: false)
            .Text("dataSource", command.DataSource, 500, required: false), command.ExpectedVersion, command.Revision);

    /// <summary>Changes the sasaran, name, formula, unit, polarity or data source of a Renstra indicator. After signing it is a Renstra Perubahan.</summary>
    [WolverinePut("/api/{tenant}/renstra-indicators/{id}/details", Name = "ChangeRenstraDetails")]
    [Tags("Renstra")]
    public static RenstraIndicatorView Put(ChangeRenstraDetails command, RenstraIndicatorWrite write)
    {
        var i = write.Indicator;
        var after = write.Append(new RenstraIndicatorDetailsChanged(i.IndicatorId, i.Opd, i.StartYear, i.EndYear,
            command.Sasaran!.Trim(), command.Name!.Trim(), AddRenstraPositionEndpoint.Blank(command.Explanation), command.Unit!.Trim(),
            AddRenstraPositionEndpoint.Blank(command.DataSource), RenstraRevisionRules.ToRevision(write.Renstra!, command.Revision)));
        return RenstraIndicatorView.From(after, RenstraWarnings.ForTargets(after.Current.Unit, after.Current.Targets));
    }
}
