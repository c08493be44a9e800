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
    /// <summary>The JSON answer kept from an earlier read of the same plan (<see cref="PlanAnswerKey"/>): then no state was read.</summary>
    public ReportBody? Cached { get; init; }

    /// <summary>
    /// What the answer computed from this read is kept under: the plan it folds as of an instant (<see cref="PlanAnswerKey"/>),
    /// the document's row version live (<see cref="LivePlanKey"/>); null when it is not kept.
    /// </summary>
    public IAnswerKey? Key { get; init; }

    /// <summary>
    /// The live read model (optionally after waiting for it to catch up), or with <c>asOf</c> the same fold over the
    /// events recorded up to that instant. Given a cache, an as-of read whose plan (checkpoint and tail, verified) was
    /// answered before, or a live read of a document whose row version was answered before, comes back with that answer
    /// (<see cref="Cached"/>) and no state; otherwise with the key to keep its answer under.
    /// </summary>
    public static async Task<OpdYearRead> Load(string opd, int year, bool? consistent, string? asOf,
        IQuerySession session, IntegrityKeys keys, CancellationToken ct, ILogger? logger = null, ReportCache? cache = null)
    {
        var waited = consistent == true
            ? await Freshness.WaitUntilCurrent(session, OpdYearProjection.ProjectionName, TimeSpan.FromSeconds(15), ct)
            : null;
        var instant = AsOfParameter.Parse(asOf);
        // Freshness, settings and findings in one round trip on the session; an as-of replay finds its checkpoint and reads
        // its events meanwhile, on connections of its own.
        var batch = session.CreateBatchQuery();
        var freshness = waited is null ? Freshness.Enlist(batch, OpdYearProjection.ProjectionName) : null;
        var settings = CapaianSettings.Enlist(batch);
        var findings = IntegrityNotice.Enlist(batch, opd, year);
        var document = OpdYear.Key(opd, year);
        // Live with a cache: first only the document's row version (the document is ~2 MB, its answer ~400 KB to compute).
        var version = instant is null && cache is not null ? RowVersion.Enlist(batch, session, typeof(OpdYear), document) : null;
        var live = instant is null && cache is null ? batch.Load<OpdYear>(document) : null;
        var locating = instant is { } t ? PlanCheckpoints.Tail(session, keys, opd, year, t, ct) : null;
        await batch.Execute(ct);
        var (fresh, found, scoring) = (waited ?? await freshness!(), await findings(), await settings());
        if (live is not null) return new OpdYearRead(await live, fresh, scoring, found);
        if (version is not null)
        {
            if (cache!.Find(LivePlanKey.Of(session.TenantId, document, await version())) is { } kept)
                return new OpdYearRead(null, fresh, scoring, found) { Cached = kept };
            // The version is read before the document (a batch runs its statements in order, each seeing what was committed
            // when it started), so an answer is never kept under a version newer than the document it shows.
            var load = session.CreateBatchQuery();
            var current = RowVersion.Enlist(load, session, typeof(OpdYear), document);
            var state = load.Load<OpdYear>(document);
            await load.Execute(ct);
            return new OpdYearRead(await state, fresh, scoring, found) { Key = LivePlanKey.Of(session.TenantId, document, await current()) };
        }

        var tail = await locating!;
        // A finding about an event the checkpoint folded (found tampered since it was written): the answer is the replay
        // that leaves it out, as without checkpoints, and is not kept.
        if (PlanCheckpoints.Covers(tail.Checkpoint?.Sequence ?? 0, found.With(tail.Events.Rejected)))
        {
            var full = await PlanCheckpoints.Full(session, keys, opd, year, instant!.Value, ct);
            return new OpdYearRead(full.State, fresh, scoring, found.With(full.Rejected));
        }

        var key = cache is null ? null : PlanAnswerKey.Of(session.TenantId, tail);
        var notice = found.With(tail.Events.Rejected);
        if (cache?.Find(key) is { } body) return new OpdYearRead(null, fresh, scoring, notice) { Cached = body };

        var replayed = await PlanCheckpoints.Replay(session, keys, opd, year, instant!.Value, tail, logger, ct);
        // A checkpoint that did not verify: every plan event was replayed instead, and that answer is not kept.
        return replayed.FromSequence == (tail.Checkpoint?.Sequence ?? 0)
            ? new OpdYearRead(replayed.State, fresh, scoring, notice) { Key = key }
            : new OpdYearRead(replayed.State, fresh, scoring, found.With(replayed.Rejected));
    }

    public static ProblemDetails Check(string opd, int year, int? month, string? asOf, OpdYearRead read)
    {
        if (AsOfParameter.Check("asOf", asOf) is var bad && bad.IsProblem()) return bad;
        if (month is < 1 or > 12)
            return Problems.Validation(new Problems.FieldError("month", "must be a month from 1 to 12."));
        if (read.Cached is not null) return Wolverine.Http.WolverineContinue.NoProblems;
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

/// <summary>What a live Rencana Aksi answer is kept under: the OPD-year document's row version (<see cref="RowVersion"/>).</summary>
public sealed record LivePlanKey(string Tenant, string Scope, string Version) : IAnswerKey
{
    public static LivePlanKey? Of(string tenant, string scope, string? version) => version is null ? null : new(tenant, scope, version);
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
