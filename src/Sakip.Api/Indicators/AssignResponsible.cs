using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Plans;
using Wolverine.Http;

namespace Sakip.Api.Indicators;

public sealed record AssignResponsible([property: Required] long? ExpectedVersion, [property: Required] string? Position, string? Name, string? Nip,
    RevisionInput? Revision);

/// <summary>Names the official answerable for the indicator (penanggung jawab).</summary>
public static class AssignResponsibleEndpoint
{
    public static Task<IndicatorWrite> LoadAsync(string id, IDocumentSession session, CancellationToken ct) =>
        IndicatorWrites.Load(id, session, ct);

    public static ProblemDetails Before(string id, IndicatorWrite write, ClaimsPrincipal user) =>
        IndicatorWrites.Allowed(write, id, user);

    public static ProblemDetails Validate(AssignResponsible command, IndicatorWrite write) =>
        IndicatorWrites.Decide(write, OfficialChecks.Check(new FieldChecks().Required("position", command.Position, 300), "",
            null, command.Name, command.Nip), command.ExpectedVersion, command.Revision);

    /// <summary>Names the official answerable for the indicator (penanggung jawab).</summary>
    [WolverinePut("/api/{tenant}/indicators/{id}/responsible", Name = "AssignResponsible")]
    [Tags("Indicators")]
    public static IndicatorView Put(AssignResponsible command, IndicatorWrite write)
    {
        var official = new Official(command.Position!.Trim(), command.Name?.Trim(), OfficialChecks.NipOf(command.Nip));
        return write.Answer(new ResponsibleOfficialAssigned(write.Indicator.IndicatorId, write.Indicator.Opd, write.Indicator.Year, official,
            RevisionRules.ToRevision(write.Plan!, command.Revision)));
    }
}
