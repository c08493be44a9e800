using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Integrity;
using Sakip.Api.OpdYears;
using Sakip.Api.Opds;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.Audit;

/// <summary>One recorded change, as an inspector reads it: who, when, what (each value before and after), why.</summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }
    public long Sequence { get; init; }
    public required string StreamKey { get; init; }
    public long Version { get; init; }
    public required string EventType { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public string? UserRole { get; init; }
    public string? Opd { get; init; }
    public int? Year { get; init; }
    public required string Subject { get; init; }
    public string? IndicatorId { get; init; }
    public string? IndicatorCode { get; init; }
    public string? IndicatorName { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];
    public string? Reason { get; init; }
    public RevisionKind? RevisionKind { get; init; }
    public LegalBasis? LegalBasis { get; init; }
    public string? Source { get; init; }
    public string? ImportFile { get; init; }
    public string? ImportRow { get; init; }
    public string? CorrelationId { get; init; }
    public string? CausationId { get; init; }
}

/// <summary>What the trail has folded of one stream so far, to tell each change's values before and after.</summary>
public sealed record AuditFold(string Id, long Version, Indicator? Indicator, Plan? Plan, Opd? Opd)
{
    public Renstra.RenstraPlan? Renstra { get; init; }
    public Renstra.RenstraIndicator? RenstraIndicator { get; init; }
}

/// <summary>
/// Kept by the async daemon: the trail is written apart from the command's transaction, so it never slows a write.
/// Each entry depends on the authenticated events alone: an event whose row fails verification gets no entry, and when
/// the stored fold is not exactly one version behind (a rebuild, a first run, a quarantined event before), the stream
/// is folded again from its verified rows.
/// </summary>
public sealed class AuditTrailProjection(IntegrityKeys integrityKeys) : IProjection
{
    public const string Name = "audit-trail";

    // Folds in memory: a kabupaten's OPD-year is ~300 indicator streams reported on month by month; 4,096 covers the
    // streams a burst of batches touches without holding a tenant's whole year (each fold carries an indicator's state).
    private readonly AuditFolds _folds = new(4_096);

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var dataSource = Tenants.TenantDatabases.DataSourceOf(operations);
        var rejected = await StoredEvents.Rejected(dataSource, integrityKeys, events, ct);
        foreach (var tenant in events.Where(e => !rejected.ContainsKey(e.Sequence) && e.Data is not Tombstone).GroupBy(e => e.TenantId))
        {
            var ops = operations.ForTenant(tenant.Key);
            var ordered = tenant.OrderBy(e => e.Sequence).ToList();
            var folds = await FoldsBefore(ops, dataSource, tenant.Key, ordered, ct);
            var entries = new List<(string, AuditEntry)>(ordered.Count);
            foreach (var e in ordered)
            {
                var key = FoldKey(e);
                var before = folds.GetValueOrDefault(key);
                if (e.Version == 1) before = null;
                else if (before?.Version != e.Version - 1)
                    before = Fold(key, (await StoredEvents.Verify(ops, integrityKeys,
                        StoredEvents.Streams(dataSource, tenant.Key, [e.StreamKey!], null, e.Version - 1, ct), ct)).Events);
                var after = Step(before ?? new AuditFold(key, 0, null, null, null), e);
                folds[key] = after;
                var entry = ToEntry(e, before, after);
                entries.Add((entry.Id, entry));
            }

            // One statement for the batch's entries, not one upsert each; the folds stay in memory, not in a document.
            BulkDocuments.Upsert(ops, tenant.Key, entries);
            foreach (var (key, fold) in folds) _folds.Put(tenant.Key, key, fold);
        }
    }

    /// <summary>
    /// The fold each stream of the batch stood at before its first event here: from memory when it is exactly one version
    /// behind, else folded again from the streams' verified rows — the misses of the whole batch in one read.
    /// </summary>
    private async Task<Dictionary<string, AuditFold>> FoldsBefore(IDocumentOperations ops, Npgsql.NpgsqlDataSource dataSource,
        string tenant, List<IEvent> ordered, CancellationToken ct)
    {
        var folds = new Dictionary<string, AuditFold>();
        var missing = new Dictionary<string, long>();
        foreach (var first in ordered.GroupBy(e => e.StreamKey!).Select(g => g.First()))
        {
            if (first.Version == 1) continue;
            var key = FoldKey(first);
            if (_folds.Get(tenant, key) is { } cached && cached.Version == first.Version - 1) folds[key] = cached;
            else missing[first.StreamKey!] = first.Version;
        }

        if (missing.Count == 0) return folds;
        var verified = await StoredEvents.Verify(ops, integrityKeys,
            StoredEvents.Streams(dataSource, tenant, missing.Keys.ToArray(), null, missing.Values.Max() - 1, ct), ct);
        foreach (var stream in verified.Events.GroupBy(e => e.StreamKey!))
        {
            var key = "fold:" + stream.Key;
            folds[key] = Fold(key, stream.Where(e => e.Version < missing[stream.Key]));
        }

        return folds;
    }

    private static string FoldKey(IEvent e) => "fold:" + e.StreamKey;

    private static AuditFold Fold(string key, IEnumerable<IEvent> events) =>
        events.Aggregate(new AuditFold(key, 0, null, null, null), Step);

    private static AuditFold Step(AuditFold fold, IEvent e) => fold with
    {
        Version = e.Version,
        Indicator = Indicator.Step(fold.Indicator, e),
        Plan = OpdYear.IsPlanEvent(e.Data) ? Plan.Step(fold.Plan, e) : fold.Plan,
        Renstra = Renstra.RenstraPlan.Step(fold.Renstra, e),
        RenstraIndicator = Renstra.RenstraIndicator.Step(fold.RenstraIndicator, e),
        Opd = e.Data switch
        {
            OpdRegistered r => Opd.Create((IEvent<OpdRegistered>)e),
            OpdRenamed => fold.Opd?.Apply((IEvent<OpdRenamed>)e),
            _ => fold.Opd,
        },
    };

    public static AuditEntry ToEntry(IEvent e, AuditFold? before, AuditFold after)
    {
        var author = EventAuthor.Of(e);
        var revision = IndicatorHistory.RevisionOf(e.Data);
        var (subject, changes) = after switch
        {
            { Indicator: not null } => ("indicator", IndicatorHistory.Diff(before?.Indicator, after.Indicator)),
            { Plan: not null } => ("plan", FieldChange.Between(Plan.Fields(before?.Plan), Plan.Fields(after.Plan))),
            { Opd: not null } => ("opd", FieldChange.Between(OpdFields(before?.Opd), OpdFields(after.Opd))),
            { RenstraIndicator: not null } => ("renstraIndicator", FieldChange.Between(
                Renstra.RenstraIndicator.Fields(before?.RenstraIndicator), Renstra.RenstraIndicator.Fields(after.RenstraIndicator))),
            { Renstra: not null } => ("renstra", FieldChange.Between(
                Renstra.RenstraPlan.Fields(before?.Renstra), Renstra.RenstraPlan.Fields(after.Renstra))),
            _ => ("settings", (IReadOnlyList<FieldChange>)[]),
        };
        var scope = e.Data as IOpdYearEvent;
        var renstraScope = e.Data as Renstra.IRenstraEvent;
        if (e.Data is InspectorNoteAdded note)
            return Base(e, author) with
            {
                Opd = note.Opd, Year = note.Year, Subject = "note", IndicatorId = note.About == "indicator" ? note.Target : null,
                Summary = $"Inspector note ({note.Severity}) on {note.About} {note.Target}.", Reason = note.Text,
            };
        return new AuditEntry
        {
            Id = e.Id.ToString(), Sequence = e.Sequence, StreamKey = e.StreamKey ?? e.StreamId.ToString(),
            Version = e.Version, EventType = e.EventTypeName, RecordedAt = e.RecordedAt(),
            UserId = author.UserId, UserName = author.UserName, UserRole = author.UserRole,
            Opd = scope?.Opd ?? renstraScope?.Opd ?? after.Opd?.Code, Year = scope?.Year, Subject = subject,
            IndicatorId = after.Indicator?.IndicatorId ?? after.RenstraIndicator?.IndicatorId,
            IndicatorCode = after.Indicator?.Code ?? after.RenstraIndicator?.Code,
            IndicatorName = after.Indicator?.Current.Name ?? after.RenstraIndicator?.Current.Name, Summary = Describe(e.Data),
            Changes = changes,
            Reason = IndicatorHistory.Why(e), RevisionKind = revision?.Kind, LegalBasis = revision?.LegalBasis,
            Source = author.Source, ImportFile = EventAuthor.Header(e, ImportBatch.FileHeader),
            ImportRow = EventAuthor.Header(e, ImportBatch.RowHeader), CorrelationId = e.CorrelationId,
            CausationId = e.CausationId,
        };
    }

    private static AuditEntry Base(IEvent e, EventAuthor author) => new()
    {
        Id = e.Id.ToString(), Sequence = e.Sequence, StreamKey = e.StreamKey ?? e.StreamId.ToString(), Version = e.Version,
        EventType = e.EventTypeName, RecordedAt = e.RecordedAt(), UserId = author.UserId, UserName = author.UserName,
        UserRole = author.UserRole, Subject = "", Summary = "", Source = author.Source, CorrelationId = e.CorrelationId,
        CausationId = e.CausationId,
    };

    private static Dictionary<string, string?> OpdFields(Opd? opd) => opd is null
        ? []
        : new() { ["code"] = opd.Code, ["name"] = opd.Name, ["urusanCodes"] = string.Join(", ", opd.UrusanCodes) };

    private static string Describe(object data) => data switch
    {
        OpdRegistered r => $"OPD '{r.Code}' registered as \"{r.Name}\" (urusan {string.Join(", ", r.UrusanCodes)}).",
        OpdRenamed r => $"OPD '{r.Code}' renamed from \"{r.PreviousName}\" to \"{r.Name}\".",
        PlanStarted p => $"Plan of '{p.Opd}' for {p.Year} started as a draft.",
        PlanNodeAdded n => $"{n.Level} {n.Code.Code} \"{n.Name}\" added to the plan.",
        PlanNodeChanged n => $"Node {n.Code.Code} changed to \"{n.Name}\".",
        AgreementSigned a => $"Perjanjian Kinerja {a.DocumentNumber} signed on {a.SignedOn:yyyy-MM-dd}: the plan is established.",
        PlanSignatoryAssigned s => $"Signatory of the plan's documents: {s.Signatory.Position} {s.Signatory.Name}.".TrimEnd(' ', '.') + ".",
        PlanClosed c => $"Year {c.Year} closed: {c.Reason}",
        PlanReopened r => $"Year {r.Year} reopened on {r.LegalBasis}: {r.Reason}",
        IndicatorDefined d => $"Indicator {d.Code} \"{d.Name}\" ({d.Unit}) defined.",
        IndicatorDetailsChanged d => $"Indicator details changed: \"{d.Name}\" ({d.Unit}).",
        TargetsSet t => $"Targets set: annual {t.Annual?.ToString() ?? "-"}.",
        BudgetSet b => $"Budget set: pagu {b.Pagu:N2}.",
        ResponsibleOfficialAssigned r => $"Responsible official: {r.Official.Position} {r.Official.Name}.".TrimEnd(' ', '.') + ".",
        IndicatorCascaded c => c.Renstra is { } serves
            ? $"Serves Renstra indicator {serves.Code} ({serves.StartYear}-{serves.EndYear})."
            : "No longer serves a Renstra indicator.",
        Renstra.RenstraStarted r => $"Renstra {r.StartYear}-{r.EndYear} of '{r.Opd}' started as a draft.",
        Renstra.RenstraPositionAdded p => $"Position \"{p.Name}\" added to the Renstra.",
        Renstra.RenstraPositionChanged p => $"Position changed to \"{p.Name}\".",
        Renstra.RenstraSigned r => $"Renstra {r.StartYear}-{r.EndYear} established by {r.LegalBasis}.",
        Renstra.RenstraIndicatorDefined d => $"{d.Level.ToString().ToUpperInvariant()} {d.Code} \"{d.Name}\" ({d.Unit}) defined.",
        Renstra.RenstraIndicatorDetailsChanged d => $"Renstra indicator details changed: \"{d.Name}\" ({d.Unit}).",
        Renstra.RenstraTargetsSet t => $"Targets per year set: {string.Join(", ", t.Targets.Select(y => $"{y.Year} {y.Target?.ToString() ?? "-"}"))}.",
        Renstra.RenstraRealizationReported r => r.Correction is null
            ? $"Realization of {r.Year} reported: {r.Value.Number?.ToString() ?? r.Value.Grade}."
            : $"Realization of {r.Year} corrected: {r.Value.Number?.ToString() ?? r.Value.Grade}.",
        Indicators.RealizationSubmitted r => r.Correction is { } c
            ? $"Realization of period {r.Period} corrected{(c.OfVerified ? " after verification" : "")}."
            : $"Realization of period {r.Period} submitted.",
        Tenants.TenantProfileSet p => $"Regional government named \"{p.Name}\" (documents signed in {p.Place}; time zone {p.TimeZone}).",
        Indicators.RealizationVerified v => $"Realization of period {v.Period} verified.",
        Indicators.RealizationReturned r => $"Realization of period {r.Period} returned: {r.Reason}",
        _ => data.GetType().Name,
    };

    public static void Configure(StoreOptions opts, IntegrityKeys keys)
    {
        // A rebuild starts from nothing: the entries and the folds they are computed from.
        opts.Projections.Add(new AuditTrailProjection(keys), ProjectionLifecycle.Async, Name, o =>
        {
            o.DeleteViewTypeOnTeardown<AuditEntry>();
            o.DeleteViewTypeOnTeardown<AuditFold>();
            // Each batch is a few statements whatever its size (one range read, one bulk write): fewer, larger batches.
            o.BatchSize = 2_000;
        });
        opts.Schema.For<AuditEntry>().Index(x => x.Sequence).Index(x => x.RecordedAt).Index(x => x.Opd)
            .Index(x => x.IndicatorCode).Index(x => x.UserId);
    }
}
