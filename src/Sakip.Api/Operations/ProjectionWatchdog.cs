using JasperFx;
using Sakip.Api.Infrastructure;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace Sakip.Api.Operations;

/// <summary>
/// Makes sure every async projection shard runs somewhere after the database came back: restarts a shard this node
/// owns but does not run, and (on the leader) starts a shard nobody owns.
/// </summary>
/// <remarks>
/// A database restart drops the advisory locks behind leadership and agent ownership while start commands and their
/// acknowledgements are in flight. Seen in the database-restart test, in about one run out of three: (1) two nodes
/// briefly ran the same shard; Marten's progression check kept that harmless (the second writer's batch fails and
/// nothing is applied twice), but Wolverine then leaves the losing agent stopped for good ("ProgressionOutOfOrder: a
/// failure it cannot recover from by restarting") while the other node stops its own copy because the durable
/// assignment is not its own; (2) a shard whose batch was cancelled as the connection died was left paused
/// ("Other: The operation was canceled ... cannot recover from by restarting"); (3) a start command failed on the restarting database and the shard was never assigned
/// again. Either way the projection stopped for good. Each sweep (every two heartbeats) collects those shards; one
/// found on two sweeps in a row is started on this node. If two nodes still race, the progression check refuses
/// again and a later sweep retries.
/// </remarks>
public sealed partial class ProjectionWatchdog(IWolverineRuntime runtime, IEnumerable<IAgentFamily> families,
    IConfiguration configuration, ILogger<ProjectionWatchdog> logger) : BackgroundService
{
    private readonly HashSet<Uri> _suspects = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, SakipSettings.From(configuration).Cluster.HeartbeatSeconds) * 2);
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _suspects.Clear();
                LogSweepFailed(logger, e);
            }
        }
    }

    private async Task Sweep(CancellationToken ct)
    {
        var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(ct);
        var me = nodes.FirstOrDefault(n => n.NodeId == runtime.Options.UniqueNodeId);
        if (me is null) return;

        // Owned here but not running here.
        var suspects = me.ActiveAgents.Where(ProjectionShards.IsShard).Where(NotRunningHere).ToHashSet();

        // Owned by nobody: the leader takes it (other nodes would race it).
        if (me.IsLeader())
        {
            var owned = nodes.SelectMany(n => n.ActiveAgents).ToHashSet();
            foreach (var family in families)
            foreach (var uri in await family.AllKnownAgentsAsync())
                if (ProjectionShards.IsShard(uri) && !owned.Contains(uri)) suspects.Add(uri);
        }

        var confirmed = suspects.Where(_suspects.Contains).ToList();
        foreach (var uri in confirmed)
        {
            LogRestarting(logger, uri);
            if (runtime.Agents.TryFindActiveAgent<IAgent>(uri, out _)) await runtime.Agents.StopLocallyAsync(uri);
            await runtime.Agents.StartLocallyAsync(uri);
        }

        _suspects.Clear();
        _suspects.UnionWith(suspects.Except(confirmed));
    }

    private bool NotRunningHere(Uri uri)
    {
        if (!runtime.Agents.TryFindActiveAgent<IAgent>(uri, out var agent)) return true;
        if (agent is IEventSubscriptionAgent { IsRebuilding: true }) return false;
        // Poisoned events are skipped (dead letters), so a shard that stays paused or stopped over two sweeps is stuck
        // on the database or on a race with another node, whatever Wolverine classified it as.
        return agent.Status is AgentStatus.Stopped or AgentStatus.Paused;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Projection shard {Agent} is owned by nobody or stopped on its owner (after a database restart or a race between nodes); starting it on this node")]
    private static partial void LogRestarting(ILogger logger, Uri agent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection watchdog sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
