using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Sakip.Api.Scales;
using Wolverine.Http;

namespace Sakip.Api.Capaian;

/// <summary>An OPD-year's read model loaded for a report, with how fresh it is.</summary>
public sealed record OpdYearRead(OpdYear? State, Freshness Freshness, CapaianSettings Settings)
{
    public static async Task<OpdYearRead> Load(string opd, int year, bool? consistent, IQuerySession session,
        CancellationToken ct)
    {
        var freshness = consistent == true
            ? await Freshness.WaitUntilCurrent(session, OpdYearProjection.ProjectionName, TimeSpan.FromSeconds(15), ct)
            : await Freshness.Of(session, OpdYearProjection.ProjectionName, ct);
        var state = await session.LoadAsync<OpdYear>(OpdYear.Key(opd, year), ct);
        var scoring = await TenantScoring.Load(session, ct);
        return new OpdYearRead(state, freshness,
            new CapaianSettings(await TenantScales.Load(session, ct), new RatingScale(scoring.Bands), scoring.Cap));
    }

    public static ProblemDetails Check(string opd, int year, int? month, OpdYearRead read)
    {
        if (month is < 1 or > 12)
            return Problems.Validation(new Problems.FieldError("month", "must be a month from 1 to 12."));
        return read.State?.Plan is null
            ? Problems.NotFound($"No plan for '{opd}' in {year}" +
                                (read.Freshness.IsCurrent ? "." : " yet (the read model is catching up: add consistent=true)."))
            : Wolverine.Http.WolverineContinue.NoProblems;
    }
}

public sealed record CapaianResponse(CapaianTable Table, Freshness Freshness);

public static class CapaianQueries
{
    public static Task<OpdYearRead> LoadAsync(string opd, int year, bool? consistent, IQuerySession session,
        CancellationToken ct) => OpdYearRead.Load(opd, year, consistent, session, ct);

    public static ProblemDetails Validate(string opd, int year, int? month, OpdYearRead read) =>
        OpdYearRead.Check(opd, year, month, read);

    /// <summary>
    /// Capaian per indicator (each month or quarter, and year to date as of <c>month</c>, default December), per
    /// node, per level and for the OPD. <c>consistent=true</c> waits until every write made before the call is in.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/years/{year}/capaian", Name = "GetCapaian")]
    [Tags("Capaian")]
    public static CapaianResponse Get(int? month, OpdYearRead read) =>
        new(CapaianTable.Build(read.State!, month ?? 12, read.Settings).Presented(), read.Freshness);
}
