using Marten;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Capaian;

/// <summary>
/// An OPD-year's read model loaded for the Rencana Aksi, with how fresh it is and what verification says of its record.
/// Its <c>asOf</c> replay leaves the realizations out: the Rencana Aksi shows the plan, never them (the capaian reports
/// read <see cref="CapaianRead"/>).
/// </summary>
public sealed record OpdYearRead(OpdYear? State, Freshness Freshness, CapaianSettings Settings, IntegrityNotice Integrity)
{
    /// <summary>
    /// The live read model (optionally after waiting for it to catch up), or with <c>asOf</c> the same fold over the
    /// events recorded up to that instant.
    /// </summary>
    public static async Task<OpdYearRead> Load(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, IntegrityKeys keys, CancellationToken ct, ILogger? logger = null)
    {
        var freshness = consistent == true
            ? await Freshness.WaitUntilCurrent(session, OpdYearProjection.ProjectionName, TimeSpan.FromSeconds(15), ct)
            : await Freshness.Of(session, OpdYearProjection.ProjectionName, ct);
        var instant = AsOfParameter.Parse(asOf);
        if (instant is not { } t)
            return new OpdYearRead(await session.LoadAsync<OpdYear>(OpdYear.Key(opd, year), ct), freshness,
                await CapaianSettings.Load(session, ct), await IntegrityNotice.For(session, opd, year, [], ct));

        var replayed = await PlanCheckpoints.Replay(session, keys, opd, year, t, logger, ct);
        var notice = await IntegrityNotice.For(session, opd, year, replayed.Rejected, ct);
        if (PlanCheckpoints.Covers(replayed, notice))
        {
            replayed = await PlanCheckpoints.Full(session, keys, opd, year, t, ct);
            notice = await IntegrityNotice.For(session, opd, year, replayed.Rejected, ct);
        }

        return new OpdYearRead(replayed.State, freshness, await CapaianSettings.Load(session, ct), notice);
    }

    public static ProblemDetails Check(string opd, int year, int? month, string? asOf, OpdYearRead read)
    {
        if (AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem()) return bad;
        if (month is < 1 or > 12)
            return Problems.Validation(new Problems.FieldError("month", "must be a month from 1 to 12."));
        return read.State?.Plan is null
            ? Problems.NotFound($"No plan for '{opd}' in {year}" +
                                (read.Freshness.IsCurrent ? "." : " yet (the read model is catching up: add consistent=true)."))
            : Wolverine.Http.WolverineContinue.NoProblems;
    }

    /// <summary>Freshness and integrity travel in headers, so the body of a live read and of its as-of replay are identical.</summary>
    public void WriteFreshness(HttpContext context)
    {
        Integrity.Write(context);
        context.Response.Headers["X-Read-Model-Sequence"] = Freshness.IncludesSequence.ToString();
        context.Response.Headers["X-Latest-Sequence"] = Freshness.LatestSequence.ToString();
        context.Response.Headers["X-Read-Model-Current"] = Freshness.IsCurrent ? "true" : "false";
    }
}

public static class CapaianQueries
{
    public static Task<CapaianRead> LoadAsync(string opd, int year, int? month, bool? consistent, string? asOf,
        IQuerySession session, IntegrityKeys keys, ReportCache cache, CancellationToken ct) =>
        CapaianRead.Load(opd, year, consistent, asOf, session, keys, ct, cache, "capaian", month);

    public static ProblemDetails Validate(string opd, int year, int? month, string? asOf, CapaianRead read) =>
        CapaianRead.Check(opd, year, month, asOf, read);

    /// <summary>
    /// Capaian per indicator (each month or quarter, and year to date as of <c>month</c>, default December), per
    /// node, per level and for the OPD. <c>consistent=true</c> waits until every write made before the call is in;
    /// <c>asOf</c> answers as the table stood at that instant. Freshness is in the X-Read-Model-* headers.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/capaian", Name = "GetCapaian")]
    [Tags("Capaian")]
    [ProducesResponseType<CapaianTable>(StatusCodes.Status200OK)]
    public static IResult Get(int? month, CapaianRead read, HttpContext context, ReportCache cache,
        IOptions<JsonOptions> json)
    {
        read.WriteFreshness(context);
        return read.Answer((model, settings) => CapaianTable.Build(model, month ?? 12, settings).Presented(),
            json.Value.SerializerOptions, cache);
    }
}
