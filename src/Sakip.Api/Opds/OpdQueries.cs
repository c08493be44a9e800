using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;

namespace Sakip.Api.Opds;

public sealed record OpdView(string Code, string Name, IReadOnlyList<string> UrusanCodes, long Version)
{
    public DateTimeOffset? RegisteredAt { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }

    public static OpdView From(Opd opd) => new(opd.Code, opd.Name, opd.UrusanCodes, opd.Version)
    {
        RegisteredAt = opd.RegisteredAt, LastChangedAt = opd.LastChangedAt,
    };
}

public static class OpdQueries
{
    /// <summary>The tenant's OPDs (Perangkat Daerah), by code.</summary>
    [WolverineGet("/api/{tenant}/opds", Name = "ListOpds")]
    [Tags("OPDs")]
    public static async Task<IReadOnlyList<OpdView>> List(IQuerySession session, CancellationToken ct)
    {
        var opds = await session.Query<Opd>().OrderBy(x => x.Code).ToListAsync(ct);
        return opds.Select(OpdView.From).ToList();
    }

    /// <summary>One OPD of the tenant.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}", Name = "GetOpd")]
    [Tags("OPDs")]
    [ProducesResponseType<OpdView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(string opd, IQuerySession session, CancellationToken ct)
    {
        var found = await session.LoadAsync<Opd>(Opd.StreamKey(opd), ct);
        return found is null
            ? Results.Problem(Problems.NotFound($"No OPD with code '{opd}' is registered."))
            : Results.Ok(OpdView.From(found));
    }
}
