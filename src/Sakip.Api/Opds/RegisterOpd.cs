using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Auth;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Opds;

/// <param name="Code">Short, stable key of the OPD, e.g. <c>disdagperinkop</c>: lowercase letters, digits and '-'.</param>
/// <param name="Name">Full name, e.g. "Dinas Perdagangan, Perindustrian dan Koperasi UKM".</param>
/// <param name="UrusanCodes">Government affairs it covers, as urusan.bidang codes, e.g. ["2.17", "3.30"].</param>
public sealed record RegisterOpd([property: Required] string? Code, [property: Required] string? Name, [property: Required] IReadOnlyList<string>? UrusanCodes);

public static partial class RegisterOpdEndpoint
{
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 200;

    public static ProblemDetails Before(ClaimsPrincipal user) => Access.Require(user, "register OPDs");

    public static ProblemDetails Validate(RegisterOpd command)
    {
        var checks = new FieldChecks()
            .Required("code", command.Code, MaxCodeLength)
            .Matches("code", command.Code, CodePattern(), "may hold only lowercase letters, digits and '-', starting with a letter or digit.")
            .Required("name", command.Name, MaxNameLength)
            .When(command.UrusanCodes is null || command.UrusanCodes.Count == 0, "urusanCodes",
                "needs at least one urusan.bidang code, e.g. \"2.17\".");
        foreach (var (urusan, i) in (command.UrusanCodes ?? []).Select((u, i) => (u, i)))
            checks.Matches($"urusanCodes[{i}]", urusan ?? "", UrusanPattern(),
                "must be an urusan.bidang code such as \"2.17\".").When(urusan is null, $"urusanCodes[{i}]", "is required.");
        return checks.Result();
    }

    public static async Task<ProblemDetails> LoadAsync(RegisterOpd command, IDocumentSession session, CancellationToken ct)
    {
        var existing = await session.Events.FetchStreamStateAsync(Opd.StreamKey(command.Code!.Trim()), ct);
        return existing is null
            ? WolverineContinue.NoProblems
            : Problems.Conflict($"An OPD with code '{command.Code!.Trim()}' is already registered.", "code");
    }

    /// <summary>Registers an OPD (admin) with the urusan.bidang codes it covers.</summary>
    [WolverinePost("/api/{tenant}/opds", Name = "RegisterOpd")]
    [Tags("OPDs")]
    [ProducesResponseType<OpdView>(StatusCodes.Status201Created)]
    public static IResult Post(string tenant, RegisterOpd command, IDocumentSession session)
    {
        var registered = new OpdRegistered(command.Code!.Trim(), command.Name!.Trim(),
            command.UrusanCodes!.Select(u => u.Trim()).Distinct().ToList());
        session.Events.StartStream<Opd>(Opd.StreamKey(registered.Code), registered);
        return Results.Created($"/api/{tenant}/opds/{registered.Code}",
            new OpdView(registered.Code, registered.Name, registered.UrusanCodes, 1));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^\d{1,2}\.\d{2}$")]
    private static partial Regex UrusanPattern();
}
