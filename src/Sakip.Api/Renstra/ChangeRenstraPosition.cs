using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

public sealed record ChangeRenstraPosition(long? ExpectedVersion, string? Name, string? Tugas, IReadOnlyList<string?>? Fungsi,
    RenstraRevisionInput? Revision);

/// <summary>Renames a position or restates its tugas and fungsi: freely in draft, as a Renstra Perubahan once established.</summary>
public static class ChangeRenstraPositionEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Plan(user, opd);

    public static Task<IEventStream<RenstraPlan>> LoadAsync(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct) => RenstraWrites.LoadPlan(opd, startYear, endYear, session, ct);

    public static ProblemDetails Validate(string opd, int startYear, int endYear, string positionId,
        ChangeRenstraPosition? command, IEventStream<RenstraPlan> stream)
    {
        if (RenstraWrites.PlanExists(stream, opd, startYear, endYear) is var missing && missing.IsProblem()) return missing;
        if (stream.Aggregate!.Position(positionId) is null) return Problems.NotFound($"No position '{positionId}' in this Renstra.");
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var fields = AddRenstraPositionEndpoint.Fields(command.Name, command.Tugas, command.Fungsi, command.ExpectedVersion, out _);
        if (fields.HasErrors) return fields.Result();
        if (stream.Aggregate.PositionNamed(command.Name!) is { } other && other.Id != positionId)
            return Problems.Conflict($"The Renstra has the position '{other.Name}' already.", "name");
        if (RenstraRevisionRules.Check(stream.Aggregate, command.Revision) is var rule && rule.IsProblem()) return rule;
        return RenstraWrites.PlanVersion(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Changes a position's name, tugas or fungsi. After signing it is a Renstra Perubahan.</summary>
    [WolverinePut("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/positions/{positionId}", Name = "ChangeRenstraPosition")]
    [Tags("Renstra")]
    public static PositionWritten Put(string opd, int startYear, int endYear, string positionId, ChangeRenstraPosition command,
        IEventStream<RenstraPlan> stream)
    {
        AddRenstraPositionEndpoint.Fields(command.Name, command.Tugas, command.Fungsi, command.ExpectedVersion, out var fungsi);
        var changed = new RenstraPositionChanged(opd, startYear, endYear, positionId, command.Name!.Trim(),
            AddRenstraPositionEndpoint.Blank(command.Tugas), fungsi, RenstraRevisionRules.ToRevision(stream.Aggregate!, command.Revision));
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(changed);
        return new PositionWritten(new RenstraPosition(positionId, changed.Name, changed.Tugas, changed.Fungsi), version,
            RenstraWarnings.ForPosition(changed.Name, changed.Tugas, changed.Fungsi));
    }
}
