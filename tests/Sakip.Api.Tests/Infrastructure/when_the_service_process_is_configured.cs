using System.Text.Json.Nodes;

namespace Sakip.Api.Tests.Infrastructure;

/// <summary>
/// The runtime settings docs/performance.md gives for the memory goal (its figures live in the bench): the service
/// process starts with workstation GC and without tiered PGO, whatever the SDK's default for a web project.
/// </summary>
public sealed class when_the_service_process_is_configured
{
    private static JsonNode Properties() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sakip.Api.runtimeconfig.json")))!
            ["runtimeOptions"]!["configProperties"]!;

    [Fact]
    public void it_collects_garbage_on_one_workstation_heap() =>
        Properties()["System.GC.Server"]!.GetValue<bool>().ShouldBeFalse();

    [Fact]
    public void it_does_without_tiered_pgo_instrumentation() =>
        Properties()["System.Runtime.TieredPGO"]!.GetValue<bool>().ShouldBeFalse();
}
