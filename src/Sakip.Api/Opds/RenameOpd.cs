using System.Security.Claims;
using Marten;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Opds;

/// <param name="Name">The new full name.</param>
/// <param name="ExpectedVersion">The OPD version the change is based on (from GET).</param>
/// <param name="Reason">Why it is renamed, e.g. the regional regulation that reorganised it.</param>
public sealed record RenameOpd([property: Required] string? Name, [property: Required] long? ExpectedVersion, string? Reason);

public static class RenameOpdEndpoint
{
    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "rename OPDs");

    public static Task<IEventStream<Opd>> LoadAsync(string opd, IDocumentSession session, CancellationToken ct) =>
        session.Events.FetchForWriting<Opd>(Opd.StreamKey(opd), ct);

    public static ProblemDetails Validate(string opd, RenameOpd command, IEventStream<Opd> stream)
    {
        if (stream.Aggregate is null) return Problems.NotFound($"No OPD with code '{opd}' is registered.");
        var fields = new FieldChecks()
            .Required("name", command.Name, RegisterOpdEndpoint.MaxNameLength)
            .RequiredVersion("expectedVersion", command.ExpectedVersion)
            .When(command.Reason?.Length > 1000, "reason", "must be at most 1000 characters.")
            .Result();
        if (!ReferenceEquals(fields, WolverineContinue.NoProblems)) return fields;
        // A request based on an old version is judged against a state its author has not seen: 409 first.
        if (ExpectedVersion.Check(command.ExpectedVersion, stream) is var stale && stale.IsProblem()) return stale;
        return new FieldChecks().When(command.Name?.Trim() == stream.Aggregate.Name, "name", "is already the OPD's name.")
            .Result();
    }

    /// <summary>Renames an OPD (admin), based on its current version, with the reason.</summary>
    [WolverinePut("/api/{tenant}/opds/{opd}/name", Name = "RenameOpd")]
    [Tags("OPDs")]
    [ProducesResponseType<OpdView>(StatusCodes.Status200OK)]
    public static OpdView Put(RenameOpd command, IEventStream<Opd> stream, IDocumentSession session)
    {
        var current = stream.Aggregate!;
        var version = (stream.CurrentVersion ?? 0) + 1;
        if (!string.IsNullOrWhiteSpace(command.Reason)) session.SetHeader(EventHeaders.Reason, command.Reason.Trim());
        stream.AppendOne(new OpdRenamed(current.Code, current.Name, command.Name!.Trim()));
        return new OpdView(current.Code, command.Name.Trim(), current.UrusanCodes, version);
    }
}
