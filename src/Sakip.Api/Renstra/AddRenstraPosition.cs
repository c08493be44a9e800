using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <param name="Name">The position (jabatan), e.g. "Kepala Seksi Pemberdayaan dan Pengembangan UKM".</param>
/// <param name="Tugas">Its duty, one statement.</param>
/// <param name="Fungsi">Its functions, one item each ("a. Penyiapan rumusan kebijakan teknis ...").</param>
public sealed record AddRenstraPosition(long? ExpectedVersion, string? Name, string? Tugas, IReadOnlyList<string?>? Fungsi,
    RenstraRevisionInput? Revision);

public sealed record PositionWritten(RenstraPosition Position, long Version, IReadOnlyList<RenstraWarning> Warnings);

/// <summary>Adds a position whose individual indicators (IKI) the Renstra sets.</summary>
public static class AddRenstraPositionEndpoint
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Plan(user, opd);

    public static Task<IEventStream<RenstraPlan>> LoadAsync(string opd, int startYear, int endYear, IDocumentSession session,
        CancellationToken ct) => RenstraWrites.LoadPlan(opd, startYear, endYear, session, ct);

    public static ProblemDetails Validate(string opd, int startYear, int endYear, AddRenstraPosition? command,
        IEventStream<RenstraPlan> stream)
    {
        if (RenstraWrites.PlanExists(stream, opd, startYear, endYear) is var missing && missing.IsProblem()) return missing;
        if (command is null) return Problems.Validation(new Problems.FieldError("body", "is required: a JSON object."));
        var fields = Fields(command.Name, command.Tugas, command.Fungsi, command.ExpectedVersion, out _);
        if (fields.HasErrors) return fields.Result();
        if (stream.Aggregate!.PositionNamed(command.Name!) is { } existing)
            return Problems.Conflict($"The Renstra has the position '{existing.Name}' already.", "name");
        if (RenstraRevisionRules.Check(stream.Aggregate, command.Revision) is var rule && rule.IsProblem()) return rule;
        return RenstraWrites.PlanVersion(stream, command.ExpectedVersion!.Value);
    }

    /// <summary>Adds a position (jabatan) with its tugas and fungsi, whose individual indicators (IKI) the Renstra sets.</summary>
    [WolverinePost("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/positions", Name = "AddRenstraPosition")]
    [Tags("Renstra")]
    [ProducesResponseType<PositionWritten>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, string opd, int startYear, int endYear, AddRenstraPosition command,
        IEventStream<RenstraPlan> stream)
    {
        Fields(command.Name, command.Tugas, command.Fungsi, command.ExpectedVersion, out var fungsi);
        var added = new RenstraPositionAdded(opd, startYear, endYear, "pos-" + Guid.CreateVersion7(),
            command.Name!.Trim(), Blank(command.Tugas), fungsi, RenstraRevisionRules.ToRevision(stream.Aggregate!, command.Revision));
        var version = (stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(added);
        return Results.Created($"/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}",
            new PositionWritten(new RenstraPosition(added.PositionId, added.Name, added.Tugas, added.Fungsi), version,
                RenstraWarnings.ForPosition(added.Name, added.Tugas, added.Fungsi)));
    }

    public static FieldChecks Fields(string? name, string? tugas, IReadOnlyList<string?>? fungsi, long? expectedVersion,
        out IReadOnlyList<string> lines)
    {
        var fields = new FieldChecks().RequiredVersion("expectedVersion", expectedVersion)
            .Text("name", name, 300).Text("tugas", tugas, 4000, required: false);
        lines = RenstraInputs.Lines(fungsi, "fungsi", fields);
        return fields;
    }

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
