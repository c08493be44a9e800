using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Audit;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Infrastructure.Http;
using Wolverine.Http;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

public sealed record RenstraRegisterSummary(string Opd, int StartYear, int EndYear, LegalBasis? EstablishedBy, int Revisions,
    int FlaggedRevisions, int IndicatorsTouched);

public sealed record RenstraRevisionRegister(RenstraRegisterSummary Summary, IReadOnlyList<RegisterRevision> Revisions);

/// <summary>
/// The Perubahan register of a Renstra: every change made after its legal basis established it, grouped by the legal
/// basis that allowed it, with values before and after, the years it states, and the same red flags as the annual
/// register (a realized year revised, a target lowered after a shortfall, a legal basis dated after the recording or
/// before the Renstra's own) plus corrected realizations.
/// </summary>
public static class RenstraRegister
{
    public static RenstraRevisionRegister Build(string opd, int startYear, int endYear, IReadOnlyList<IEvent> events)
    {
        RenstraPlan? plan = null;
        var indicators = new Dictionary<string, RenstraIndicator>();
        var items = new List<PerubahanRegister.Item>();
        foreach (var e in events)
        {
            var planBefore = plan;
            var indicatorBefore = indicators.GetValueOrDefault(e.StreamKey ?? "");
            if (e.StreamKey == plan?.Id || e.Data is RenstraStarted) plan = RenstraPlan.Step(plan, e);
            else if (RenstraIndicator.Step(indicatorBefore, e) is { } next) indicators[e.StreamKey!] = next;
            if (planBefore is not { IsEstablished: true } || !PerubahanRegister.IsRevision(e.Data)) continue;

            var indicatorAfter = indicators.GetValueOrDefault(e.StreamKey ?? "");
            var onPlan = e.StreamKey == plan!.Id;
            var changes = onPlan
                ? FieldChange.Between(RenstraPlan.Fields(planBefore), RenstraPlan.Fields(plan))
                : FieldChange.Between(RenstraIndicator.Fields(indicatorBefore), RenstraIndicator.Fields(indicatorAfter));
            var author = EventAuthor.Of(e);
            var revision = IndicatorHistory.RevisionOf(e.Data);
            var change = new RegisterChange(e.Sequence, e.RecordedAt(), author.UserId, author.UserName, author.UserRole,
                e.EventTypeName, onPlan ? "renstra" : "renstraIndicator", indicatorAfter?.Code, indicatorAfter?.Current.Name, changes);
            items.Add(new PerubahanRegister.Item(revision?.LegalBasis, revision?.Kind, IndicatorHistory.Why(e),
                revision?.EffectiveFromMonth, change, Flags(e, planBefore, indicatorAfter?.Code, revision), revision?.Years));
        }

        var revisions = PerubahanRegister.Group(items);
        return new RenstraRevisionRegister(new RenstraRegisterSummary(opd, startYear, endYear, plan?.LegalBasis, revisions.Count,
            revisions.Count(r => r.Flags.Count > 0), items.Select(i => i.Change.IndicatorCode).OfType<string>().Distinct().Count()),
            revisions);
    }

    private static List<RedFlag> Flags(IEvent e, RenstraPlan plan, string? code, Revision? revision)
    {
        var flags = new List<RedFlag>();
        if (e.Data is RenstraTargetsSet { RealizedYearsRevised: { Count: > 0 } realized })
        {
            flags.Add(new(RedFlags.RealizedPeriodRevised, code,
                $"Target revised for {string.Join(", ", realized.Select(r => r.Period))}, which already had a realization."));
            foreach (var r in realized.Where(r => r.LoweredBelowShortfall))
                flags.Add(new(RedFlags.LoweredAfterShortfall, code,
                    $"{r.Period}: the realization {r.Realized} fell short of {r.TargetBefore}, then the target became {r.TargetAfter}."));
        }

        if (e.Data is RenstraRealizationReported { Correction: not null } corrected)
            flags.Add(new(RedFlags.RealizationCorrected, code, $"The reported realization of {corrected.Year} was corrected."));
        flags.AddRange(PerubahanRegister.LegalBasisFlags(e, plan.LegalBasis?.Date, code, revision, "the Renstra's own legal basis"));
        return flags;
    }
}

public static class RenstraRegisterQueries
{
    public static ProblemDetails Before(ClaimsPrincipal principal, string opd) => AuditQueries.Before(principal, opd);

    /// <summary>The Renstra Perubahan register: every revision after the Renstra was established, with red flags.</summary>
    [WolverineGet("/api/{tenant}/opds/{opd}/renstra/{startYear}-{endYear}/revisions", Name = "RenstraRevisionRegister")]
    [Tags("Renstra")]
    [ProducesResponseType<RenstraRevisionRegister>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string opd, int startYear, int endYear, IQuerySession session,
        Integrity.IntegrityKeys integrity, CancellationToken ct)
    {
        var events = await RenstraReplay.Events(session, integrity, opd, startYear, endYear, null, ct);
        return events.Count == 0
            ? Results.Problem(Problems.NotFound($"No Renstra {startYear}-{endYear} for '{opd}'."))
            : Results.Ok(RenstraRegister.Build(opd, startYear, endYear, events));
    }
}
