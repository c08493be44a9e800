using JasperFx;
using Marten;
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
/// A shard can also be left running but stalled: its agent reports Running while its position stays behind events
/// that wait for it (its batch stuck on a connection the restart broke, or the node's view of the newest event not
/// moving). Wolverine's own stall check compares with that same view and waits three minutes, so the watchdog reads
/// the truth from the database — the shard's stored position against the highest event sequence — and restarts on
/// this node a shard that has not moved for <see cref="ClusterSettings.StallSeconds"/> while events wait.
/// </remarks>
public sealed partial class ProjectionWatchdog(IWolverineRuntime runtime, IEnumerable<IAgentFamily> families,
    IDocumentStore store, IConfiguration configuration, ILogger<ProjectionWatchdog> logger) : BackgroundService
{
    private readonly HashSet<Uri> _suspects = [];
    private readonly ShardStalls _stalls = new(TimeSpan.FromSeconds(SakipSettings.From(configuration).Cluster.StallSeconds));

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

        await RestartStalled(me.ActiveAgents.Where(ProjectionShards.IsShard).Except(confirmed).ToList(), ct);
    }

    /// <summary>Restarts the shards running here whose stored position has not moved for too long while events wait.</summary>
    private async Task RestartStalled(IReadOnlyList<Uri> owned, CancellationToken ct)
    {
        // A rebuild keeps its position until it is done: only continuous shards are judged by it.
        var running = owned.Where(uri => runtime.Agents.TryFindActiveAgent<IAgent>(uri, out var agent)
                                         && agent.Status == AgentStatus.Running
                                         && agent is not IEventSubscriptionAgent { IsRebuilding: true }).ToList();
        if (running.Count == 0)
        {
            _stalls.Keep([]);
            return;
        }

        var positions = new List<(Uri Agent, long Position, long Head)>();
        foreach (var database in await store.Storage.AllDatabases())
        {
            // Wolverine names the database in a shard's URI by Marten's database id.
            var here = running.Where(uri => ProjectionShards.DatabaseOf(uri) == database.Id.ToString()).ToList();
            if (here.Count == 0) continue;
            // The newest stored event, not the sequence's last value: numbers a rolled-back append took (a refused
            // version, say) leave a gap at the end that no shard can ever reach.
            if (database is not Weasel.Postgresql.PostgresqlDatabase postgres) continue;
            await using var newest = postgres.DataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {EventStore.Schema}.mt_events");
            var head = (long)(await newest.ExecuteScalarAsync(ct))!;
            var progress = (await database.AllProjectionProgress(ct)).ToDictionary(p => p.ShardName, p => p.Sequence);
            foreach (var uri in here)
                if (progress.TryGetValue(ProjectionShards.NameOf(uri) + ":All", out var position))
                    positions.Add((uri, position, head));
        }

        _stalls.Keep(positions.Select(p => p.Agent));
        foreach (var (uri, position, head) in positions)
        {
            if (_stalls.Observe(uri, position, head, DateTimeOffset.UtcNow) is not { } stalledFor) continue;
            LogStalled(logger, uri, position, head, (int)stalledFor.TotalSeconds);
            // A wedged batch may not let its agent stop: bounded, so one shard cannot hold up the sweeps.
            await runtime.Agents.StopLocallyAsync(uri).WaitAsync(TimeSpan.FromSeconds(30), ct);
            await runtime.Agents.StartLocallyAsync(uri);
        }
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

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Projection shard {Agent} stalled on this node at {Position} of {Head} for {Seconds} s while its agent reports running; restarting it")]
    private static partial void LogStalled(ILogger logger, Uri agent, long position, long head, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection watchdog sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
