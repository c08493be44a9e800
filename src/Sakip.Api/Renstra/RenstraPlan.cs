using System.Text.Json.Serialization;
using JasperFx.Events;
using Sakip.Api.Indicators;
using Sakip.Api.Infrastructure;
using Sakip.Api.Plans;
using Sakip.Api.Domain;

namespace Sakip.Api.Renstra;

/// <summary>An event of one OPD's Renstra: its scope (the OPD and the period) is in its own data.</summary>
public interface IRenstraEvent
{
    string Opd { get; }
    int StartYear { get; }
    int EndYear { get; }
}

public enum RenstraStatus { Draft, Established }

/// <summary>The Renstra (medium-term plan) of an OPD for a period was started as a draft.</summary>
public sealed record RenstraStarted(string Opd, int StartYear, int EndYear) : IRenstraEvent;

/// <summary>A position (jabatan) whose individual indicators (IKI) the Renstra sets, with its duties and functions.</summary>
public sealed record RenstraPositionAdded(string Opd, int StartYear, int EndYear, string PositionId, string Name,
    string? Tugas, IReadOnlyList<string> Fungsi, Revision? Revision) : IRenstraEvent, IRevisionEvent;

public sealed record RenstraPositionChanged(string Opd, int StartYear, int EndYear, string PositionId, string Name,
    string? Tugas, IReadOnlyList<string> Fungsi, Revision? Revision) : IRenstraEvent, IRevisionEvent;

/// <summary>The Renstra was established by its legal basis: from then on every change is a Renstra Perubahan.</summary>
public sealed record RenstraSigned(string Opd, int StartYear, int EndYear, LegalBasis LegalBasis, Official? SignedBy)
    : IRenstraEvent;

public sealed record RenstraPosition(string Id, string Name, string? Tugas, IReadOnlyList<string> Fungsi);

/// <summary>The Renstra of one OPD for one period, folded from its stream <c>renstra:{opd}:{start}-{end}</c>.</summary>
public sealed partial record RenstraPlan
{
    public required string Id { get; init; }
    public required string Opd { get; init; }
    public int StartYear { get; init; }
    public int EndYear { get; init; }
    public RenstraStatus Status { get; init; }
    public LegalBasis? LegalBasis { get; init; }
    public Official? SignedBy { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }
    public IReadOnlyList<RenstraPosition> Positions { get; init; } = [];

    /// <summary>Formal revisions of the positions (indicator revisions live on the indicators' streams).</summary>
    public IReadOnlyList<RevisionEntry> Revisions { get; init; } = [];

    public int Version { get; set; }

    public static string StreamKey(string opd, int startYear, int endYear) => $"renstra:{opd}:{startYear}-{endYear}";

    [JsonIgnore] public bool IsEstablished => Status == RenstraStatus.Established;

    [JsonIgnore] public IEnumerable<int> Years => Enumerable.Range(StartYear, EndYear - StartYear + 1);

    public bool Covers(int year) => year >= StartYear && year <= EndYear;

    public RenstraPosition? Position(string id) => Positions.FirstOrDefault(p => p.Id == id);

    public RenstraPosition? PositionNamed(string name) =>
        Positions.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static RenstraPlan Create(RenstraStarted e) => new()
    {
        Id = StreamKey(e.Opd, e.StartYear, e.EndYear), Opd = e.Opd, StartYear = e.StartYear, EndYear = e.EndYear,
    };

    public RenstraPlan Apply(IEvent<RenstraPositionAdded> e) => Revised(e, e.Data.Revision) with
    {
        Positions = [.. Positions, new RenstraPosition(e.Data.PositionId, e.Data.Name, e.Data.Tugas, e.Data.Fungsi)],
    };

    public RenstraPlan Apply(IEvent<RenstraPositionChanged> e) => Revised(e, e.Data.Revision) with
    {
        Positions = Positions.Select(p => p.Id == e.Data.PositionId
            ? new RenstraPosition(p.Id, e.Data.Name, e.Data.Tugas, e.Data.Fungsi)
            : p).ToList(),
    };

    public RenstraPlan Apply(IEvent<RenstraSigned> e) => this with
    {
        Status = RenstraStatus.Established, LegalBasis = e.Data.LegalBasis, SignedBy = e.Data.SignedBy,
        EstablishedAt = e.RecordedAt(),
    };

    private RenstraPlan Revised(IEvent e, Revision? revision) => revision is null
        ? this
        : this with { Revisions = [.. Revisions, new RevisionEntry(e.Version, e.RecordedAt(), e.EventTypeName, revision, 0)] };

    /// <summary>The fold over any prefix of the stream: the snapshot, as-of reads and the audit trail share it.</summary>
    public static RenstraPlan? Step(RenstraPlan? state, IEvent e)
    {
        var next = e.Data switch
        {
            RenstraStarted started => Create(started),
            RenstraPositionAdded => state?.Apply((IEvent<RenstraPositionAdded>)e),
            RenstraPositionChanged => state?.Apply((IEvent<RenstraPositionChanged>)e),
            RenstraSigned => state?.Apply((IEvent<RenstraSigned>)e),
            _ => state,
        };
        if (next is not null) next.Version = (int)e.Version;
        return next;
    }

    /// <summary>The Renstra as a flat list of named values, for before/after comparisons in the audit trail.</summary>
    public static IReadOnlyDictionary<string, string?> Fields(RenstraPlan? renstra)
    {
        var fields = new Dictionary<string, string?>();
        if (renstra is null) return fields;
        fields["status"] = renstra.Status.ToString();
        fields["legalBasis"] = renstra.LegalBasis?.ToString();
        foreach (var p in renstra.Positions)
        {
            fields[$"positions[{p.Id}].name"] = p.Name;
            fields[$"positions[{p.Id}].tugas"] = p.Tugas;
            fields[$"positions[{p.Id}].fungsi"] = string.Join(" | ", p.Fungsi);
        }

        return fields;
    }
}
