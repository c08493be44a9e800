using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>An OPD-year's capaian model loaded for a report, with how fresh it is and what verification says of its record.</summary>
public sealed record CapaianRead(CapaianModel? Model, Freshness Freshness, CapaianSettings Settings, IntegrityNotice Integrity)
{
    /// <summary>
    /// The live capaian model with its freshness, the tenant's scales and scoring and the integrity findings, in one
    /// round trip (a batched query); with <c>consistent=true</c> after waiting for the projection to catch up. With
    /// <c>asOf</c>, the model derived the same way from the verified events recorded up to that instant.
    /// </summary>
    public static async Task<CapaianRead> Load(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, IntegrityKeys keys, CancellationToken ct)
    {
        var waited = consistent == true
            ? await Freshness.WaitUntilCurrent(session, OpdYearProjection.ProjectionName, TimeSpan.FromSeconds(15), ct)
            : null;
        var instant = AsOfParameter.Parse(asOf);
        VerifiedEvents? replayed = instant is { } t ? await OpdYearReplay.Events(session, keys, opd, year, t, ct) : null;

        var batch = session.CreateBatchQuery();
        var freshness = waited is null ? Freshness.Enlist(batch, OpdYearProjection.ProjectionName) : null;
        var model = replayed is null ? batch.Load<CapaianModel>(OpdYear.Key(opd, year)) : null;
        var scales = batch.Load<TenantScales>(TenantScales.StreamKey);
        var scoring = batch.Load<TenantScoring>(TenantScoring.StreamKey);
        var integrity = IntegrityNotice.Enlist(batch, opd, year);
        await batch.Execute(ct);

        var settings = await scoring ?? new TenantScoring();
        var live = replayed is null ? await model! : null;
        // A read side written before the model existed has the OPD-year fold but no model until its next event or a
        // rebuild: derive the model from the fold (one more round trip, only then) rather than answer "no plan".
        if (replayed is null && live is null && await session.LoadAsync<OpdYear>(OpdYear.Key(opd, year), ct) is { } stored)
            live = CapaianModel.From(stored);
        return new CapaianRead(
            replayed is null ? live : OpdYearReplay.Fold(replayed.Events) is { } state ? CapaianModel.From(state) : null,
            waited ?? await freshness!(),
            new CapaianSettings(await scales, new RatingScale(settings.Bands), settings.Cap),
            (await integrity()).With(replayed?.Rejected ?? []));
    }

    public static ProblemDetails Check(string opd, int year, int? month, string? asOf, CapaianRead read)
    {
        if (AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem()) return bad;
        if (month is < 1 or > 12)
            return Problems.Validation(new Problems.FieldError("month", "must be a month from 1 to 12."));
        return read.Model?.Status is null
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
