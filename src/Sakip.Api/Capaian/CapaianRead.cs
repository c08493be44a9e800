using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Sakip.Api.Infrastructure.Http;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>
/// An OPD-year's capaian model loaded for a report, with how fresh it is and what verification says of its record; or,
/// when the report's inputs have not changed since it was last computed, that body (<see cref="Cached"/>) instead of
/// the model.
/// </summary>
public sealed record CapaianRead(CapaianModel? Model, Freshness Freshness, CapaianSettings? Settings, IntegrityNotice Integrity)
{
    /// <summary>The body computed earlier from the same inputs: then neither the model nor the settings were read.</summary>
    public ReportBody? Cached { get; init; }

    /// <summary>What the body computed from this read is kept under; null when it is not kept (an asOf replay).</summary>
    public ReportKey? Key { get; init; }

    /// <summary>
    /// The live capaian model with its freshness, the tenant's scales and scoring and the integrity findings, in one
    /// round trip (a batched query); with <c>consistent=true</c> after waiting for the projection to catch up. With
    /// <c>asOf</c>, the model derived the same way from the verified events recorded up to that instant. Given a
    /// <paramref name="report"/> and a cache, a live read first asks only for freshness, integrity and the versions of
    /// the report's inputs, and stops there when the body of those inputs is kept.
    /// </summary>
    public static async Task<CapaianRead> Load(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, IntegrityKeys keys, CancellationToken ct, ReportCache? cache = null, string? report = null,
        int? month = null)
    {
        var waited = consistent == true
            ? await Freshness.WaitUntilCurrent(session, OpdYearProjection.ProjectionName, TimeSpan.FromSeconds(15), ct)
            : null;
        var instant = AsOfParameter.Parse(asOf);
        if (instant is { } t)
        {
            // The replay reads on connections of its own while the session's batch runs.
            var replaying = OpdYearReplay.Events(session, keys, opd, year, t, ct);
            var (_, freshness, settings, integrity) = await Batch(session, opd, year, waited, null, withModel: false, ct);
            var replayed = await replaying;
            return new CapaianRead(OpdYearReplay.Fold(replayed.Events) is { } state ? CapaianModel.From(state) : null,
                freshness, settings, integrity.With(replayed.Rejected));
        }

        IntegrityNotice? probed = null;
        if (cache is not null && report is not null)
        {
            var probe = session.CreateBatchQuery();
            var fresh = waited is null ? Freshness.Enlist(probe, OpdYearProjection.ProjectionName) : null;
            var inputs = ReportInputs.Enlist(probe, session, opd, year);
            var notice = IntegrityNotice.Enlist(probe, opd, year);
            await probe.Execute(ct);
            waited ??= await fresh!();
            probed = await notice();
            if (cache.Find(KeyOf(session, opd, year, report, month, await inputs())) is { } body)
                return new CapaianRead(null, waited, null, probed) { Cached = body };
        }

        var loaded = await Batch(session, opd, year, waited, probed, withModel: true, ct,
            cache is null || report is null ? null : (report, month));
        var live = loaded.Model;
        // A read side written before the model existed has the OPD-year fold but no model until its next event or a
        // rebuild: derive the model from the fold (one more round trip, only then) rather than answer "no plan".
        if (live is null && await session.LoadAsync<OpdYear>(OpdYear.Key(opd, year), ct) is { } stored)
            live = CapaianModel.From(stored);
        return new CapaianRead(live, loaded.Freshness, loaded.Settings, loaded.Integrity)
        {
            Key = loaded.Model is null ? null : loaded.Key,
        };
    }

    private sealed record Loaded(CapaianModel? Model, Freshness Freshness, CapaianSettings Settings, IntegrityNotice Integrity)
    {
        public ReportKey? Key { get; init; }
    }

    /// <summary>
    /// One round trip. The inputs' versions are read before the documents (statements of a batch run in order, each
    /// seeing what was committed when it started), so a body is never kept under a version older than what it shows.
    /// </summary>
    private static async Task<Loaded> Batch(IQuerySession session, string opd, int year, Freshness? waited,
        IntegrityNotice? notice, bool withModel, CancellationToken ct, (string Report, int? Month)? keep = null)
    {
        var batch = session.CreateBatchQuery();
        var inputs = keep is null ? null : ReportInputs.Enlist(batch, session, opd, year);
        var freshness = waited is null ? Freshness.Enlist(batch, OpdYearProjection.ProjectionName) : null;
        var model = withModel ? batch.Load<CapaianModel>(OpdYear.Key(opd, year)) : null;
        var settings = CapaianSettings.Enlist(batch);
        var integrity = notice is null ? IntegrityNotice.Enlist(batch, opd, year) : null;
        await batch.Execute(ct);

        return new Loaded(model is null ? null : await model, waited ?? await freshness!(), await settings(),
            notice ?? await integrity!())
        {
            Key = inputs is null ? null : KeyOf(session, opd, year, keep!.Value.Report, keep.Value.Month, await inputs()),
        };
    }

    private static ReportKey? KeyOf(IQuerySession session, string opd, int year, string report, int? month, ReportInputs inputs) =>
        inputs.Model is null ? null : new ReportKey(session.TenantId, opd, year, report, month ?? 12, inputs);

    public static ProblemDetails Check(string opd, int year, int? month, string? asOf, CapaianRead read)
    {
        if (AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem()) return bad;
        if (month is < 1 or > 12)
            return Problems.Validation(new Problems.FieldError("month", "must be a month from 1 to 12."));
        if (read.Cached is not null) return Wolverine.Http.WolverineContinue.NoProblems;
        return read.Model?.Status is null
            ? Problems.NotFound($"No plan for '{opd}' in {year}" +
                                (read.Freshness.IsCurrent ? "." : " yet (the read model is catching up: add consistent=true)."))
            : Wolverine.Http.WolverineContinue.NoProblems;
    }

    /// <summary>
    /// The report's body: kept from an earlier read of the same inputs, or computed now (and kept when live), written
    /// with the options of every other JSON answer.
    /// </summary>
    public ReportAnswer Answer<T>(Func<CapaianModel, CapaianSettings, T> compute, JsonSerializerOptions json, ReportCache cache)
    {
        if (Cached is { } kept) return new ReportAnswer(kept);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(compute(Model!, Settings!), json);
        return new ReportAnswer(Key is { } key ? cache.Keep(key, bytes) : new ReportBody(bytes, null));
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
