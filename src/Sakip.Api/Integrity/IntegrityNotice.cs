using System.Text;
using Marten;

namespace Sakip.Api.Integrity;

/// <summary>
/// What a report says about the record it was built from: <c>X-Record-Integrity: verified</c>, or <c>failed</c> with
/// how many findings concern it and the first one (<c>X-Record-Integrity-Detail</c>). Findings are the events the
/// chain quarantined, what the last verification found, and the events this very read had to leave out.
/// </summary>
public sealed record IntegrityNotice(IReadOnlyList<IntegrityFinding> Findings)
{
    public const string Header = "X-Record-Integrity";
    public const string DetailHeader = "X-Record-Integrity-Detail";

    public static readonly IntegrityNotice Verified = new([]);

    public bool Failed => Findings.Count > 0;

    /// <summary>Findings about one OPD-year (or the whole tenant), plus the events a replay of it left out.</summary>
    public static Task<IntegrityNotice> For(IQuerySession session, string opd, int year, IEnumerable<Rejection> excluded,
        CancellationToken ct) => Load(session, f => f.Concerns(opd, year), excluded, ct);

    /// <summary>Every finding of the tenant (for reads that span it, like the audit trail).</summary>
    public static Task<IntegrityNotice> ForTenant(IQuerySession session, CancellationToken ct) =>
        Load(session, _ => true, [], ct);

    /// <summary>Findings about an OPD in any year, or the whole tenant.</summary>
    public static Task<IntegrityNotice> ForOpd(IQuerySession session, string opd, CancellationToken ct) =>
        Load(session, f => f.Scopes.Any(s => s == "*" || s.StartsWith(opd + ":", StringComparison.Ordinal)), [], ct);

    private static async Task<IntegrityNotice> Load(IQuerySession session, Func<IntegrityFinding, bool> concerns,
        IEnumerable<Rejection> excluded, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var notice = Enlist(batch, concerns);
        await batch.Execute(ct);
        return (await notice()).With(excluded);
    }

    /// <summary>Findings about one OPD-year read in a batch another read executes: the notice once the batch has run.</summary>
    public static Func<Task<IntegrityNotice>> Enlist(Marten.Services.BatchQuerying.IBatchedQuery batch, string opd, int year) =>
        Enlist(batch, f => f.Concerns(opd, year));

    private static Func<Task<IntegrityNotice>> Enlist(Marten.Services.BatchQuerying.IBatchedQuery batch, Func<IntegrityFinding, bool> concerns)
    {
        var verified = batch.Load<IntegrityFindings>(IntegrityFindings.Key);
        var quarantined = batch.Query<QuarantinedEvent>().OrderBy(q => q.Sequence).Take(1000).ToList();
        return async () => new IntegrityNotice((await quarantined).Select(q => q.Finding).Where(concerns)
            .Concat((await verified)?.Findings.Where(concerns) ?? []).ToList());
    }

    /// <summary>
    /// The tenant's findings (<see cref="ForTenant"/>: the first 1,000 quarantined events by sequence, then what the last
    /// verification found) as two statements of a batch a read runs on a connection of its own, so they cost it no round
    /// trip of their own: once it has read its own results, <see cref="BatchedFindings.Read"/> reads these.
    /// </summary>
    public static BatchedFindings Enlist(Npgsql.NpgsqlBatch batch, IQuerySession session)
    {
        var options = session.DocumentStore.Options;
        var quarantined = options.FindOrResolveDocumentType(typeof(QuarantinedEvent)).TableName.QualifiedName;
        var verified = options.FindOrResolveDocumentType(typeof(IntegrityFindings)).TableName.QualifiedName;
        // The order of Marten's index on the quarantine's sequence, so the first 1,000 are read from it.
        batch.BatchCommands.Add(StoredEvents.BatchCommand(
            $"select q.data->'finding' from {quarantined} q where q.tenant_id = $1 order by CAST(q.data ->> 'sequence' as bigint) limit 1000",
            session.TenantId));
        batch.BatchCommands.Add(StoredEvents.BatchCommand(
            $"select f.data->'findings' from {verified} f where f.tenant_id = $1 and f.id = $2", session.TenantId, IntegrityFindings.Key));
        return new BatchedFindings(options.Serializer());
    }

    /// <summary>The two results <see cref="Enlist(Npgsql.NpgsqlBatch, IQuerySession)"/> added, read after the batch's earlier ones.</summary>
    public sealed class BatchedFindings(ISerializer serializer)
    {
        public async Task<IntegrityNotice> Read(Npgsql.NpgsqlDataReader reader, CancellationToken ct)
        {
            var findings = new List<IntegrityFinding>();
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) findings.Add(serializer.FromJson<IntegrityFinding>(reader, 0));
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0)) findings.AddRange(serializer.FromJson<List<IntegrityFinding>>(reader, 0));
            return new IntegrityNotice(findings);
        }
    }

    /// <summary>Of a tenant's notice, the findings about one OPD-year (or the whole tenant): for a read that learns its
    /// OPD-year only from what it folds, and so reads the findings beside the fold rather than after it.</summary>
    public IntegrityNotice Concerning(string opd, int year) => new(Findings.Where(f => f.Concerns(opd, year)).ToList());

    /// <summary>The notice with the events a read had to leave out.</summary>
    public IntegrityNotice With(IEnumerable<Rejection> excluded) => new(excluded
        .Select(r => new IntegrityFinding(Quarantine.Unauthenticated, r.Sequence, r.EventId, r.Stream, r.Version, r.Type, r.Reason, ["*"]))
        .Concat(Findings)
        .DistinctBy(f => (f.Kind, f.Sequence, f.Stream))
        .OrderBy(f => f.Sequence ?? long.MaxValue)
        .ToList());

    public void Write(HttpContext context)
    {
        context.Response.Headers[Header] = Failed ? "failed" : "verified";
        if (!Failed) return;
        var first = Findings[0];
        context.Response.Headers[DetailHeader] = Ascii(
            $"{Findings.Count} finding(s) concern this record; the first at sequence {first.Sequence?.ToString() ?? "-"} " +
            $"({first.Kind}{(first.Stream is null ? "" : ", " + first.Stream)}): {first.Reason} Events that failed verification " +
            "are left out of this answer; GET .../integrity and .../operations/quarantine hold the evidence.");
    }

    private static string Ascii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text) ascii.Append(c is >= ' ' and <= '~' ? c : '?');
        return ascii.ToString();
    }
}
