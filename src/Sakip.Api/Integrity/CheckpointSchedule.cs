using System.Globalization;
using Marten;

namespace Sakip.Api.Integrity;

/// <summary>
/// Issues a signed checkpoint for every tenant whose chain moved since its last one, every
/// <c>Sakip:Integrity:CheckpointMinutes</c> (default 60), so receipts exist even when nobody asks for one.
/// </summary>
public sealed partial class CheckpointSchedule(IDocumentStore store, IntegrityKeys keys, IConfiguration configuration, Tenants.TenantDatabases databases,
    ILogger<CheckpointSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = double.TryParse(configuration["Sakip:Integrity:CheckpointMinutes"], NumberStyles.Float,
            CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 60;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await IssueDue(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    public async Task IssueDue(CancellationToken ct)
    {
        foreach (var tenant in await Chained(databases, ct))
        {
            await using var session = store.LightweightSession(tenant);
            var head = await session.LoadAsync<IntegrityHead>(IntegrityHead.Key, ct);
            var last = await session.Query<Checkpoint>().OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(ct);
            if (head is null || last?.Sequence == head.Sequence) continue;
            session.Store(Checkpoints.Issue(keys, tenant, head, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync(ct);
        }
    }

    /// <summary>Every tenant with a chain, in every database.</summary>
    public static async Task<IReadOnlyList<string>> Chained(Tenants.TenantDatabases databases, CancellationToken ct)
    {
        var tenants = new List<string>();
        foreach (var data in await databases.All(ct))
        {
            await using (var exists = data.CreateCommand(
                             $"select to_regclass('{Infrastructure.EventStore.Schema}.mt_doc_integrityhead') is not null"))
            {
                if (await exists.ExecuteScalarAsync(ct) is not true) continue; // a tenant database not built yet
            }

            await using var query = data.CreateCommand(
                $"select tenant_id from {Infrastructure.EventStore.Schema}.mt_doc_integrityhead");
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        }

        return tenants.Distinct().ToList();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Issuing scheduled integrity checkpoints failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
