using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.Runtime;

namespace Sakip.Api.Infrastructure;

public static class Health
{
    public static WebApplicationBuilder AddSakipHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<DaemonCheck>("projection-daemon", tags: ["ready"])
            .AddCheck<Integrity.IntegrityCheck>("integrity", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapSakipHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.MapHealthChecks("/health/ready",
            new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write });
        return app;
    }

    /// <summary>
    /// Node ids, the leader and where each projection runs are for whoever operates the service (a token with the
    /// <c>system</c> role); everyone else, load balancers included, gets the status.
    /// </summary>
    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        if (Auth.SakipUser.From(context.User)?.Role != Auth.Roles.System)
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() },
                JsonSerializerOptions.Web));
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(), description = e.Value.Description,
                    detail = e.Value.Data.Count > 0 ? e.Value.Data : null,
                }),
        }, JsonSerializerOptions.Web));
    }

    /// <summary>The configured database (in database-per-tenant mode: the master, which lists the tenants).</summary>
    private sealed class DatabaseCheck(Integrity.EventsDataSource main) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                await using var command = main.DataSource.CreateCommand("select 1");
                var one = await Database.Transient.Retry(main.DataSource, () => command.ExecuteScalarAsync(ct), ct);
                return one is 1 ? HealthCheckResult.Healthy("reachable") : HealthCheckResult.Unhealthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("database unreachable" +
                                                   (e is Npgsql.PostgresException pg ? $" (SQLSTATE {pg.SqlState})" : ""));
            }
        }
    }

    /// <summary>
    /// The projection agents as the cluster sees them: every node registered in the database, the elected leader,
    /// and which node runs each async projection shard. Healthy when every shard runs on exactly one live node;
    /// degraded while the leader is still (re)assigning them, e.g. in the seconds after a node died.
    /// </summary>
    private sealed class DaemonCheck(IWolverineRuntime runtime, IDocumentStore store, Tenants.TenantDatabases tenants)
        : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(ct);
            var shards = store.Options.Events.Projections()
                .Where(p => p.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Async)
                .Select(p => p.Name).ToList();
            var running = nodes
                .SelectMany(n => n.ActiveAgents.Where(ProjectionShards.IsShard).Select(a => (Node: n, Agent: a)))
                .ToList();
            var assignment = running
                .GroupBy(r => ProjectionShards.NameOf(r.Agent))
                .ToDictionary(g => g.Key, g => g.Select(r => r.Node.AssignedNodeNumber).Distinct().ToArray());
            var missing = shards.Where(s => !assignment.ContainsKey(s)).ToList();
            // One shard per projection and database (database-per-tenant mode has one per tenant database).
            var doubled = running.GroupBy(r => r.Agent).Where(g => g.Select(r => r.Node.Id).Distinct().Count() > 1)
                .Select(g => g.Key.ToString()).ToList();
            // Every tenant database at once (bounded), not one round trip after another.
            var counts = new System.Collections.Concurrent.ConcurrentBag<(string Projection, long Count)>();
            await Parallel.ForEachAsync(await tenants.All(ct), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (database, token) =>
                {
                    foreach (var (projection, count) in await Database.Transient.Retry(database,
                                 () => Operations.ProjectionErrors.Counts(database, token), token))
                        counts.Add((projection, count));
                });
            var skipped = counts.GroupBy(c => c.Projection).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
            var data = new Dictionary<string, object>
            {
                ["thisNode"] = new { id = runtime.Options.UniqueNodeId, number = runtime.DurabilitySettings.AssignedNodeNumber },
                ["leader"] = nodes.FirstOrDefault(n => n.IsLeader())?.AssignedNodeNumber ?? (object)"none",
                ["nodes"] = nodes.OrderBy(n => n.AssignedNodeNumber).Select(n => new
                {
                    number = n.AssignedNodeNumber, id = n.Id, leader = n.IsLeader(), started = n.Started,
                    lastHealthCheck = n.LastHealthCheck,
                    projections = n.ActiveAgents.Where(ProjectionShards.IsShard).Select(ProjectionShards.NameOf)
                        .Order().ToArray(),
                }).ToArray(),
                ["projections"] = shards.ToDictionary(s => s,
                    s => assignment.TryGetValue(s, out var on) ? (object)on : "unassigned"),
                ["databases"] = running.Select(r => ProjectionShards.DatabaseOf(r.Agent)).Distinct().Count(),
                ["skippedEvents"] = skipped,
            };
            if (missing.Count == 0 && doubled.Count == 0 && skipped.Count == 0)
                return HealthCheckResult.Healthy($"{shards.Count} projection shards on {nodes.Count} node(s)", data: data);
            var why = string.Join("; ", new[]
            {
                missing.Count > 0 ? "not running yet: " + string.Join(", ", missing) : null,
                doubled.Count > 0 ? "on two nodes: " + string.Join(", ", doubled) : null,
                skipped.Count > 0
                    ? "events skipped after projection errors: " + string.Join(", ", skipped.Select(s => $"{s.Key} {s.Value}")) +
                      " (GET /api/{tenant}/operations/projection-errors)"
                    : null,
            }.Where(w => w is not null));
            return HealthCheckResult.Degraded(why, data: data);
        }
    }
}

/// <summary>Reads the projection shard out of a Wolverine agent URI.</summary>
internal static class ProjectionShards
{
    /// <summary>Marten's projection agents: <c>event-subscriptions://marten/{store}/{database}/{projection}/{shard}</c>.</summary>
    public static bool IsShard(Uri agent) => agent.Scheme == "event-subscriptions";

    public static string DatabaseOf(Uri agent) => agent.Segments is { Length: >= 4 } segments
        ? segments[^3].TrimEnd('/')
        : "";

    public static string NameOf(Uri agent) => agent.Segments is { Length: >= 3 } segments
        ? segments[^2].TrimEnd('/')
        : agent.ToString();
}
