using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

using Sakip.Api.Infrastructure;
using Sakip.Api.Domain;

namespace Sakip.Api.Plans;

public enum PlanStatus { Draft, Established, Closed }

/// <summary>Levels of the plan tree, from the head of agency down to individual staff (IKI).</summary>
public enum NodeLevel { Sasaran, Program, Kegiatan, SubKegiatan, Individu }

public sealed record Official(string Position, string? Name, string? Nip = null);

/// <summary>A nomenclature code kept as text, with the decree version it belongs to (codes change between decrees).</summary>
public sealed record NodeCode(string Code, string? NomenclatureVersion);

public sealed record PlanStarted(string Opd, int Year) : IOpdYearEvent, IPlanEvent;

public sealed record PlanNodeAdded(string Opd, int Year, string NodeId, NodeLevel Level, NodeCode Code, string Name,
    string? ParentNodeId, Official? Responsible, Revision? Revision) : IOpdYearEvent, IPlanEvent, IRevisionEvent;

public sealed record PlanNodeChanged(string Opd, int Year, string NodeId, NodeCode Code, string Name,
    Official? Responsible, Revision? Revision) : IOpdYearEvent, IPlanEvent, IRevisionEvent;

/// <summary>The Perjanjian Kinerja was signed: the plan is established and every later change is a formal revision.</summary>
public sealed record AgreementSigned(string Opd, int Year, string DocumentNumber, DateOnly SignedOn, Official? SignedBy) : IOpdYearEvent, IPlanEvent;

public sealed record PlanClosed(string Opd, int Year, string Reason) : IOpdYearEvent, IPlanEvent;

/// <summary>
/// The head of the agency (Kepala Dinas) who signs the plan's documents — the Rencana Aksi and the Laporan Capaian —
/// with name and NIP as the signature block prints them. Kept per plan: a report of 2022 is signed by the head of 2022.
/// </summary>
public sealed record PlanSignatoryAssigned(string Opd, int Year, Official Signatory) : IOpdYearEvent, IPlanEvent;

/// <summary>A closed year opened again for changes: always audited, always with a reason and legal basis.</summary>
public sealed record PlanReopened(string Opd, int Year, string Reason, LegalBasis LegalBasis) : IOpdYearEvent, IPlanEvent;

public sealed record PlanNode(string Id, NodeLevel Level, NodeCode Code, string Name, string? ParentId, Official? Responsible);

/// <summary>The plan of one OPD for one year, folded from its stream <c>plan:{opd}:{year}</c>.</summary>
public sealed partial record Plan
{
    public required string Id { get; init; }
    public required string Opd { get; init; }
    public int Year { get; init; }
    public PlanStatus Status { get; init; }
    public bool Reopened { get; init; }
    public string? AgreementNumber { get; init; }
    public DateOnly? AgreementSignedOn { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }

    /// <summary>Who signs the plan's documents (Kepala Dinas); null until assigned.</summary>
    public Official? Signatory { get; init; }

    public IReadOnlyList<PlanNode> Nodes { get; init; } = [];
    public int Version { get; set; }

    public static string StreamKey(string opd, int year) => $"plan:{opd}:{year}";

    [JsonIgnore] public bool IsEstablished => Status == PlanStatus.Established;

    public PlanNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);

    public PlanNode? NodeByCode(string code) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Code.Code, code, StringComparison.OrdinalIgnoreCase));

    public static Plan Create(PlanStarted e) =>
        new() { Id = StreamKey(e.Opd, e.Year), Opd = e.Opd, Year = e.Year, Status = PlanStatus.Draft };

    public Plan Apply(PlanNodeAdded e) =>
        this with { Nodes = [.. Nodes, new PlanNode(e.NodeId, e.Level, e.Code, e.Name, e.ParentNodeId, e.Responsible)] };

    public Plan Apply(PlanNodeChanged e) => this with
    {
        Nodes = Nodes.Select(n => n.Id == e.NodeId ? n with { Code = e.Code, Name = e.Name, Responsible = e.Responsible } : n)
            .ToList(),
    };

    public Plan Apply(IEvent<AgreementSigned> e) => this with
    {
        Status = PlanStatus.Established, AgreementNumber = e.Data.DocumentNumber,
        AgreementSignedOn = e.Data.SignedOn, EstablishedAt = e.RecordedAt(),
    };

    public Plan Apply(PlanSignatoryAssigned e) => this with { Signatory = e.Signatory };

    public Plan Apply(PlanClosed _) => this with { Status = PlanStatus.Closed };

    public Plan Apply(PlanReopened _) => this with { Status = PlanStatus.Established, Reopened = true };

    /// <summary>The plan as a flat list of named values, for before/after comparisons.</summary>
    public static IReadOnlyDictionary<string, string?> Fields(Plan? plan)
    {
        var fields = new Dictionary<string, string?>();
        if (plan is null) return fields;
        fields["status"] = plan.Status.ToString();
        fields["reopened"] = plan.Reopened ? "true" : null;
        fields["agreementNumber"] = plan.AgreementNumber;
        fields["agreementSignedOn"] = plan.AgreementSignedOn?.ToString("yyyy-MM-dd");
        fields["signatory"] = plan.Signatory is { } s
            ? string.Join(" — ", new[] { s.Position, s.Name, s.Nip is null ? null : "NIP " + s.Nip }.OfType<string>())
            : null;
        foreach (var node in plan.Nodes)
        {
            fields[$"nodes[{node.Code.Code}].name"] = node.Name;
            fields[$"nodes[{node.Code.Code}].responsible"] = node.Responsible?.Position;
        }

        return fields;
    }

    /// <summary>The plan's fold over any prefix of its stream (shared by the snapshot, as-of reads and OPD-year views).</summary>
    public static Plan? Step(Plan? state, IEvent e)
    {
        var next = e.Data switch
        {
            PlanStarted started => Create(started),
            PlanNodeAdded added => state?.Apply(added),
            PlanNodeChanged changed => state?.Apply(changed),
            AgreementSigned => state?.Apply((IEvent<AgreementSigned>)e),
            PlanSignatoryAssigned assigned => state?.Apply(assigned),
            PlanClosed closed => state?.Apply(closed),
            PlanReopened reopened => state?.Apply(reopened),
            _ => state,
        };
        if (next is not null) next.Version = (int)e.Version;
        return next;
    }
}

public static class PlanRegister
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<PlanStarted>("plan_started");
        opts.Events.MapEventType<PlanNodeAdded>("plan_node_added");
        opts.Events.MapEventType<PlanNodeChanged>("plan_node_changed");
        opts.Events.MapEventType<AgreementSigned>("agreement_signed");
        opts.Events.MapEventType<PlanSignatoryAssigned>("plan_signatory_assigned");
        opts.Events.MapEventType<PlanClosed>("plan_closed");
        opts.Events.MapEventType<PlanReopened>("plan_reopened");
        opts.Projections.Snapshot<Plan>(SnapshotLifecycle.Inline);
        opts.Schema.For<Plan>().Index(x => x.Opd).Index(x => x.Year);
    }
}
