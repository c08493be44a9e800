using System.Globalization;
using Marten;

namespace Sakip.Api.Integrity;

/// <summary>
/// Verifies every tenant's record every <c>Sakip:Integrity:VerifyMinutes</c> (default 60), whether or not anybody
/// asks: a deletion leaves no new event behind, so only a verification finds it. The result is kept like an
/// inspector's (<see cref="IntegrityVerifier.Record"/>): reports, <c>/health/ready</c> and the quarantine list show it.
/// </summary>
public sealed partial class VerificationSchedule(IDocumentStore store, IntegrityKeys keys, IConfiguration configuration,
    Tenants.TenantDatabases databases, ILogger<VerificationSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = double.TryParse(configuration["Sakip:Integrity:VerifyMinutes"], NumberStyles.Float,
            CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 60;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken)) await VerifyAll(stoppingToken);
    }

    /// <summary>One round: every tenant with a chain, verified and its result kept.</summary>
    public async Task VerifyAll(CancellationToken ct)
    {
        foreach (var tenant in await CheckpointSchedule.Chained(databases, ct))
        {
            try
            {
                await using var session = store.QuerySession(tenant);
                var data = Tenants.TenantDatabases.DataSourceOf(session);
                var report = await IntegrityVerifier.Verify(session, data, keys, tenant, null, null, ct);
                await IntegrityVerifier.Record(store, tenant, report, ct);
                if (report.Status != "valid") LogBroken(logger, tenant, report.FindingCount, report.FirstMismatch?.Reason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, tenant, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The record of tenant {Tenant} failed verification: {Findings} finding(s), first: {First}")]
    private static partial void LogBroken(ILogger logger, string tenant, int findings, string? first);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled verification of tenant {Tenant} failed")]
    private static partial void LogFailed(ILogger logger, string tenant, Exception exception);
}
