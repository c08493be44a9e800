using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Services.BatchQuerying;
using Microsoft.Extensions.Caching.Memory;
using Sakip.Api.OpdYears;
using Sakip.Api.Scales;

namespace Sakip.Api.Capaian;

/// <summary>
/// What a capaian report's body is computed from, as the database names it: each input row's version (<c>xmin</c>, the
/// transaction that wrote that row version: any write changes it, a rebuild or an edit by hand as well as the
/// projection) with its last-modified time. Null for a model that is not stored (nothing to key on).
/// </summary>
public sealed record ReportInputs(string? Model, string? Scales, string? Scoring)
{
    /// <summary>One statement, in a batch another read executes: the inputs once the batch has run.</summary>
    public static Func<Task<ReportInputs>> Enlist(IBatchedQuery batch, IQuerySession session, string opd, int year)
    {
        string Version(Type document) => RowVersion.Sql(session, document);
        var row = batch.Query<ReportInputs>(
            $"select json_build_object('model', {Version(typeof(CapaianModel))}, 'scales', {Version(typeof(TenantScales))}, " +
            $"'scoring', {Version(typeof(TenantScoring))})",
            session.TenantId, OpdYear.Key(opd, year), session.TenantId, TenantScales.StreamKey, session.TenantId, TenantScoring.StreamKey);
        return async () => (await row).Single();
    }
}

/// <summary>
/// The version of one stored document's row, as <see cref="ReportInputs"/> names its inputs (<c>xmin</c> with the
/// last-modified time); null when there is no such row.
/// </summary>
public sealed record RowVersion(string? Version)
{
    /// <summary>A scalar subquery of the row's version, its placeholders the tenant and the document's id.</summary>
    public static string Sql(IQuerySession session, Type document) =>
        "(select d.xmin::text || ' ' || d.mt_last_modified::text from " +
        $"{session.DocumentStore.Options.FindOrResolveDocumentType(document).TableName.QualifiedName} d where d.tenant_id = ? and d.id = ?)";

    /// <summary>One statement, in a batch another read executes: the version once the batch has run.</summary>
    public static Func<Task<string?>> Enlist(IBatchedQuery batch, IQuerySession session, Type document, string id)
    {
        var row = batch.Query<RowVersion>($"select json_build_object('version', {Sql(session, document)})", session.TenantId, id);
        return async () => (await row).Single().Version;
    }
}

/// <summary>Which body: a report of one OPD-year of one tenant as of a month, computed from these inputs.</summary>
public sealed record ReportKey(string Tenant, string Opd, int Year, string Report, int Month, ReportInputs Inputs) : IAnswerKey
{
    /// <summary>A strong validator of the body: equal keys give byte-equal bodies.</summary>
    public string EntityTag() => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToString())))[..32] + "\"";
}

/// <summary>A computed report body (UTF-8 JSON) and its entity tag.</summary>
public sealed record ReportBody(byte[] Json, string? ETag);

/// <summary>
/// The JSON bodies of the capaian table and the Laporan Capaian, kept in memory under the exact inputs they were
/// computed from (<see cref="ReportKey"/>): the capaian model, the grade scales and the scoring, by their row
/// versions, with the tenant, OPD, year, report and month. A read first asks the database for those versions (one
/// small statement in the batch that reads freshness and integrity) and answers the kept body when nothing changed:
/// a new event folded into the model, a rebuild, a changed scale or scoring all change a version and so the key, so a
/// kept body is never served for inputs other than its own; one tenant's or OPD's body is never another's key.
/// Bounded by bytes (least recently used first) and forgotten after ten minutes unread. The Rencana Aksi keeps its
/// answers here too: as of an instant under the exact plan they fold (<see cref="OpdYears.PlanAnswerKey"/>), live under
/// the version of the OPD-year document they show (<see cref="LivePlanKey"/>).
/// </summary>
public sealed class ReportCache : IDisposable
{
    public const long DefaultCapacityBytes = 64L * 1024 * 1024;

    private readonly MemoryCache _bodies;

    public ReportCache() : this(DefaultCapacityBytes)
    {
    }

    public ReportCache(long capacityBytes) =>
        _bodies = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacityBytes, CompactionPercentage = 0.25 });

    /// <summary>The body kept under <paramref name="key"/>: a <see cref="ReportKey"/>, or another exact key (<see cref="OpdYears.PlanAnswerKey"/>, <see cref="LivePlanKey"/>).</summary>
    public ReportBody? Find(IAnswerKey? key) => key is not null && _bodies.TryGetValue(key, out ReportBody? body) ? body : null;

    public ReportBody Keep(ReportKey key, byte[] json) => Keep(key, json, key.EntityTag());

    public ReportBody Keep(IAnswerKey key, byte[] json, string? entityTag)
    {
        var body = new ReportBody(json, entityTag);
        _bodies.Set(key, body, new MemoryCacheEntryOptions { Size = json.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return body;
    }

    /// <summary>Forgets every kept body (each is computed again at its next read).</summary>
    public void Clear() => _bodies.Compact(1.0);

    public void Dispose() => _bodies.Dispose();
}
