using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Capaian;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.OpdYears;
using Wolverine.Http;

namespace Sakip.Api.Renstra;

/// <summary>A Renstra with the annual indicators that served its indicators, as both stood at an instant (or now).</summary>
public sealed record RenstraRead(RenstraState State, IReadOnlyList<Indicator> Serving, CapaianSettings Settings)
{
    /// <summary>
    /// One fold for the live read and for <c>asOf</c>: the Renstra's events and those of every annual indicator that ever
    /// cascaded from the OPD's Renstra, recorded up to the instant (all of them for the live read).
    /// </summary>
    public static async Task<RenstraRead> Load(IQuerySession session, Integrity.IntegrityKeys integrity, string opd, int startYear,
        int endYear, string? asOf, CancellationToken ct)
    {
        var until = AsOfParameter.Parse(asOf);
        var state = await RenstraReplay.Load(session, integrity, opd, startYear, endYear, until, ct);
        // Inline indicator documents are always current, and an indicator that ever cascaded says so for good.
        var keys = (await session.Query<Indicator>()
            .Where(i => i.Opd == opd && i.Year >= startYear && i.Year <= endYear && i.EverCascaded).Select(i => i.Id)
            .ToListAsync(ct)).ToArray();
        var serving = new List<Indicator>();
        if (keys.Length > 0)
        {
            var verified = await Integrity.StoredEvents.Verify(session, integrity, Integrity.StoredEvents.Streams(
                Tenants.TenantDatabases.DataSourceOf(session), session.TenantId, keys, until, null, ct), ct);
            var ids = state.Indicators.Values.Select(i => i.IndicatorId).ToHashSet();
            serving = verified.Events.GroupBy(e => e.StreamKey!)
                .Select(g => g.Aggregate((Indicator?)null, Indicator.Step))
                .Where(i => i?.Renstra is { } link && ids.Contains(link.IndicatorId)).Select(i => i!).ToList();
        }

        return new RenstraRead(state, serving, await RenstraProgress.Settings(session, ct));
    }

    public ProblemDetails Check(string opd, int startYear, int endYear, string? asOf) =>
        AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem() ? bad
        : State.Plan is null ? Problems.NotFound($"No Renstra {startYear}-{endYear} for '{opd}'{(asOf is null ? "" : $" at {asOf}")}.")
        : WolverineContinue.NoProblems;

    public YearProgress Progress(RenstraIndicator indicator, int year) => RenstraProgress.ForYear(indicator, year,
        Serving.Where(s => s.Year == year && s.Renstra!.IndicatorId == indicator.IndicatorId)
            .OrderBy(s => s.Code, NaturalOrder.Instance).Select(s => ServingIndicator.Of(s, Settings)).ToList(), Settings);
}

public sealed record CascadeIndicatorView(string Id, string Code, RenstraLevel Level, string? Position, string Name, string Unit,
    Polarity Polarity, TargetValue? EndTarget, IReadOnlyList<YearProgress> Years);

/// <summary>Each Renstra indicator with, for every year, the annual indicators that serve it and what they make of it.</summary>
public sealed record RenstraCascadeView(string Opd, int StartYear, int EndYear, int Warnings, IReadOnlyList<CascadeIndicatorView> Indicators);

public static class RenstraCascadeQueries
{
    public static ProblemDetails Before(string opd, ClaimsPrincipal user) => RenstraAccess.Read(user, opd);

    public static Task<RenstraRead> LoadAsync(string opd, int startYear, int endYear, string? asOf, IQuerySession session,
        Integrity.IntegrityKeys integrity, CancellationToken ct) => RenstraRead.Load(session, integrity, opd, startYear, endYear, asOf, ct);

    public static ProblemDetails Validate(string opd, int startYear, int endYear, string? asOf, RenstraRead read) =>
        read.Check(opd, startYear, endYear, asOf);

    /// <summary>
    /// The cascade: every IKU and IKI with, per year, its target, the annual indicators that serve it (their annual target
    /// and year-end figure), the realization (from them, else reported directly), capaian against the year's target and
    /// against the end target, and warnings where annual targets differ from the Renstra's. <c>asOf</c> as elsewhere.
    /// </summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/cascade", Name = "GetRenstraCascade")]
    [Tags("Renstra")]
    public static RenstraCascadeView Get(RenstraRead read)
    {
        var plan = read.State.Plan!;
        var indicators = read.State.Ordered().Select(i => new CascadeIndicatorView(i.IndicatorId, i.Code, i.Level,
            i.PositionId is null ? null : plan.Position(i.PositionId)?.Name, i.Current.Name, i.Current.Unit, i.Polarity,
            i.TargetOf(i.EndYear), plan.Years.Select(y => Presented(read.Progress(i, y))).ToList())).ToList();
        return new RenstraCascadeView(plan.Opd, plan.StartYear, plan.EndYear,
            indicators.Sum(i => i.Years.Sum(y => y.Warnings.Count)), indicators);
    }

    public static YearProgress Presented(YearProgress p) => p with
    {
        Capaian = CapaianRules.Round2(p.Capaian), CapaianAgainstEndTarget = CapaianRules.Round2(p.CapaianAgainstEndTarget),
    };
}
