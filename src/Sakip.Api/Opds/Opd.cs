using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;

using Sakip.Api.Infrastructure;

namespace Sakip.Api.Opds;

/// <summary>An agency (Perangkat Daerah) joined the tenant's register.</summary>
public sealed record OpdRegistered(string Code, string Name, IReadOnlyList<string> UrusanCodes);

public sealed record OpdRenamed(string Code, string PreviousName, string Name);

/// <summary>One OPD of the tenant, folded from its own stream <c>opd:{code}</c>.</summary>
public sealed partial record Opd
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> UrusanCodes { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset LastChangedAt { get; init; }
    public int Version { get; set; }

    public static string StreamKey(string code) => "opd:" + code;

    public static Opd Create(IEvent<OpdRegistered> e) => new()
    {
        Id = StreamKey(e.Data.Code), Code = e.Data.Code, Name = e.Data.Name, UrusanCodes = e.Data.UrusanCodes,
        RegisteredAt = e.RecordedAt(), LastChangedAt = e.RecordedAt(),
    };

    public Opd Apply(IEvent<OpdRenamed> e) => this with { Name = e.Data.Name, LastChangedAt = e.RecordedAt() };
}

public static class OpdRegister
{
    public static void Configure(StoreOptions opts)
    {
        // Stable names: stored history must survive renaming the CLR types.
        opts.Events.MapEventType<OpdRegistered>("opd_registered");
        opts.Events.MapEventType<OpdRenamed>("opd_renamed");
        opts.Projections.Snapshot<Opd>(SnapshotLifecycle.Inline);
        opts.Schema.For<Opd>().Index(x => x.Code);
    }
}
