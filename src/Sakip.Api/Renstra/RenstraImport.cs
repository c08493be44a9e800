using Marten;
using Sakip.Api.Imports;
using Sakip.Api.Indicators;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

/// <summary>
/// Compares an imported Renstra with what is stored and decides the events: new positions and indicators are added,
/// changed values become changes (Renstra Perubahan once established), unchanged ones produce nothing — so the same
/// file imported twice changes nothing the second time.
/// </summary>
public sealed class RenstraImport(ImportedRenstra file, RenstraPlan? plan, IReadOnlyDictionary<string, RenstraIndicator> stored,
    RenstraRevisionInput? input, Revision? revision, IReadOnlyDictionary<string, IReadOnlyDictionary<int, RealizedValue>> realized)
{
    public List<PendingStream> Streams { get; } = [];
    public List<ImportChange> Changes { get; } = [];
    public List<ImportIssue> Errors { get; } = [];
    public int Unchanged { get; private set; }

    public static async Task<RenstraImport> Decide(ImportedRenstra file, IDocumentSession session, RenstraRevisionInput? input,
        CancellationToken ct)
    {
        var plan = await session.LoadAsync<RenstraPlan>(RenstraPlan.StreamKey(file.Opd, file.StartYear, file.EndYear), ct);
        var stored = (await session.Query<RenstraIndicator>()
                .Where(i => i.Opd == file.Opd && i.StartYear == file.StartYear && i.EndYear == file.EndYear).ToListAsync(ct))
            .ToDictionary(i => i.Code, StringComparer.OrdinalIgnoreCase);
        var realized = new Dictionary<string, IReadOnlyDictionary<int, RealizedValue>>();
        if (plan is { IsEstablished: true })
        {
            // Only what a revision is checked against: the realizations of the indicators whose targets the file changes.
            var settings = await RenstraProgress.Settings(session, ct);
            foreach (var row in file.Indicators)
                if (stored.TryGetValue(row.Code, out var current) &&
                    RenstraRevisionRules.ChangedYears(current.Current.Targets, row.Targets).Count > 0)
                    realized[current.IndicatorId] = RenstraProgress.Realized(current,
                        await RenstraProgress.Serving(session, current, settings, ct), settings);
        }

        var import = new RenstraImport(file, plan, stored, input,
            plan is null ? null : RenstraRevisionRules.ToRevision(plan, input), realized);
        import.Run();
        return import;
    }

    private void Run()
    {
        var planEvents = new List<(int, object)>();
        var (opd, start, end) = (file.Opd, file.StartYear, file.EndYear);
        if (plan is null) planEvents.Add((file.Indicators.FirstOrDefault()?.Row ?? 2, new RenstraStarted(opd, start, end)));
        var positionIds = (plan?.Positions ?? []).ToDictionary(p => p.Name, p => p.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var position in file.Positions)
        {
            var existing = plan?.PositionNamed(position.Name);
            if (existing is null)
            {
                var id = "pos-" + Guid.CreateVersion7();
                positionIds[position.Name] = id;
                planEvents.Add((position.Row, new RenstraPositionAdded(opd, start, end, id, position.Name, position.Tugas,
                    position.Fungsi, revision)));
                Changes.Add(new(position.Row, "positionAdded", position.Name, $"{position.Fungsi.Count} fungsi"));
            }
            else if (existing.Tugas != position.Tugas || !existing.Fungsi.SequenceEqual(position.Fungsi))
            {
                planEvents.Add((position.Row, new RenstraPositionChanged(opd, start, end, existing.Id, existing.Name, position.Tugas,
                    position.Fungsi, revision)));
                Changes.Add(new(position.Row, "positionChanged", position.Name, "tugas or fungsi restated"));
            }
        }

        if (planEvents.Count > 0)
            Streams.Add(new PendingStream(RenstraPlan.StreamKey(opd, start, end), plan is null, plan?.Version ?? 0, planEvents));
        foreach (var row in file.Indicators)
        {
            var positionId = row.Position is null ? null : positionIds[row.Position];
            if (stored.TryGetValue(row.Code, out var current)) Update(row, current, positionId);
            else Add(row, positionId);
        }
    }

    private void Add(ImportedRenstraIndicator i, string? positionId)
    {
        var id = Guid.CreateVersion7().ToString();
        Streams.Add(new PendingStream(RenstraIndicator.StreamKey(id), true, 0,
        [
            (i.Row, new RenstraIndicatorDefined(id, file.Opd, file.StartYear, file.EndYear, i.Code, i.Level, positionId, i.Sasaran,
                i.Name, i.Explanation, i.Unit, i.Polarity, i.ValueKind, i.GradeScale, i.DataSource, revision)),
            (i.Row, new RenstraTargetsSet(id, file.Opd, file.StartYear, file.EndYear, i.Targets, revision, [])),
        ]));
        Changes.Add(new(i.Row, "indicatorDefined", i.Code, $"{i.Level.ToString().ToUpperInvariant()} \"{i.Name}\" ({i.Unit})"));
    }

    private void Update(ImportedRenstraIndicator i, RenstraIndicator current, string? positionId)
    {
        if (current.Level != i.Level || current.PositionId != positionId || current.Polarity != i.Polarity ||
            current.ValueKind != i.ValueKind)
        {
            Errors.Add(new(i.Row, "level", i.Level.ToString(), $"Indicator {i.Code} is stored as {current.Level} of another position " +
                "or with another polarity or kind of value; an import cannot move it or change how it is measured."));
            return;
        }

        var (id, v) = (current.IndicatorId, current.Current);
        var events = new List<(int, object)>();
        if (v.Sasaran != i.Sasaran || v.Name != i.Name || v.Explanation != i.Explanation || v.Unit != i.Unit || v.DataSource != i.DataSource)
        {
            events.Add((i.Row, new RenstraIndicatorDetailsChanged(id, file.Opd, file.StartYear, file.EndYear, i.Sasaran, i.Name,
                i.Explanation, i.Unit, i.DataSource, revision)));
            Changes.Add(new(i.Row, "detailsChanged", i.Code, $"\"{v.Name}\" ({v.Unit}) → \"{i.Name}\" ({i.Unit})"));
        }

        var changed = RenstraRevisionRules.ChangedYears(v.Targets, i.Targets);
        if (changed.Count > 0)
        {
            var known = realized.GetValueOrDefault(id) ?? new Dictionary<int, RealizedValue>();
            events.Add((i.Row, new RenstraTargetsSet(id, file.Opd, file.StartYear, file.EndYear, i.Targets, revision,
                revision is null ? [] : RenstraRevisionRules.RealizedRevised(current, i.Targets, known))));
            Changes.Add(new(i.Row, "targetsChanged", i.Code, string.Join(", ", changed.Select(y =>
                $"{y}: {current.TargetOf(y)?.ToString() ?? "-"} → {i.Targets.First(t => t.Year == y).Target?.ToString() ?? "-"}"))));
            if (revision is not null && plan is not null &&
                RenstraRevisionRules.Years(plan, input, changed, changed.Where(known.ContainsKey).ToList()) is { Detail: { } why } problem &&
                Infrastructure.Http.Problems.IsProblem(problem))
                Errors.Add(new(i.Row, $"target_{changed[0]}", null, $"{i.Code}: {why}"));
        }

        if (events.Count == 0) Unchanged++;
        else Streams.Add(new PendingStream(RenstraIndicator.StreamKey(id), false, current.Version, events));
    }
}
