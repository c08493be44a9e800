using System.Net;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Tests.Cluster;

/// <summary>
/// Three service processes against one PostgreSQL: the async projections are spread over them by Wolverine's
/// leader, and move when their node is killed. No event is lost or projected twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class when_several_nodes_share_one_database : IAsyncLifetime
{
    private readonly ServiceCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task projections_are_spread_over_the_nodes_and_move_when_a_node_is_killed()
    {
        var nodes = new[] { await _cluster.StartNode("a"), await _cluster.StartNode("b"), await _cluster.StartNode("c") };
        var numbers = nodes.Select(n => n.Number).ToArray();
        numbers.Distinct().Count().ShouldBe(3);
        var spread = await ServiceCluster.WaitForAssignment(nodes[0], numbers, TimeSpan.FromSeconds(60), minimumNodesUsed: 2);
        var (detail, _) = await ServiceCluster.Agents(nodes[1]);
        detail["nodes"]!.AsArray().Count.ShouldBe(3);
        detail["nodes"]!.AsArray().Count(n => n!["leader"]!.GetValue<bool>()).ShouldBe(1);

        var tenant = SakipApp.NewTenant();
        using var viaA = ServiceCluster.Client(nodes[0], tenant);
        await AgencyYear.Register(viaA, tenant);
        (await viaA.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", ServiceCluster.Sample("rencana-aksi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await AgencyYear.Sign(viaA, tenant);
        await _cluster.WaitForProjections(TimeSpan.FromSeconds(60));

        // Kill the node that runs the OPD-year projection; the rest of the year arrives through another node.
        var victim = nodes.Single(n => n.Number == spread["opd-year"][0]);
        victim.Kill();
        var survivors = nodes.Where(n => n != victim).ToArray();
        using var viaSurvivor = ServiceCluster.Client(survivors[0], tenant);
        (await viaSurvivor.SendAsync(AgencyYear.Import(tenant, "realisasi", ServiceCluster.Sample("realisasi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var moved = await ServiceCluster.WaitForAssignment(survivors[0], survivors.Select(n => n.Number).ToArray(),
            TimeSpan.FromSeconds(90));
        moved["opd-year"].ShouldNotContain(victim.Number);
        var capaian = await (await viaSurvivor.GetAsync(
            $"/api/{tenant}/opds/{AgencyYear.Opd}/years/2022/capaian?month=9&consistent=true")).Json(HttpStatusCode.OK);
        capaian["indicators"]!.AsArray().ShouldContain(i => i!["realizedToDate"] != null || i!["capaian"] != null);

        await AgencyYear.ShouldEqualARebuild(_cluster, viaSurvivor, tenant);
        var progressions = await _cluster.Scalar(
            $"select count(*) from {EventStore.Schema}.mt_event_progression where name like 'opd-year%'");
        progressions.ShouldBe(1, "one shard, whichever node runs it");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
