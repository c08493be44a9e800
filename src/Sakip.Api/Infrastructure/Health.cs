using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Sakip.Api.Infrastructure;

public static class Health
{
    public static WebApplicationBuilder AddSakipHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<DaemonCheck>("projection-daemon", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapSakipHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.MapHealthChecks("/health/ready",
            new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write });
        return app;
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }

    private sealed class DatabaseCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            try
            {
                await using var session = store.QuerySession();
                var one = await session.QueryAsync<int>("select 1", ct);
                return one.SingleOrDefault() == 1 ? HealthCheckResult.Healthy("reachable") : HealthCheckResult.Unhealthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("database unreachable: " + e.Message);
            }
        }
    }

    private sealed class DaemonCheck(IProjectionCoordinator coordinator) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var daemon = coordinator.DaemonForMainDatabase();
            if (!daemon.IsRunning) return Task.FromResult(HealthCheckResult.Unhealthy("projection daemon not running"));
            return Task.FromResult(daemon.HasAnyPaused()
                ? HealthCheckResult.Degraded("a projection is paused after errors")
                : HealthCheckResult.Healthy("running"));
        }
    }
}
