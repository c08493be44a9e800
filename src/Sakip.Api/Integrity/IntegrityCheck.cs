using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Sakip.Api.Integrity;

/// <summary>
/// <c>/health/ready</c>: Degraded while any tenant has quarantined events or its last verification found something,
/// with the counts per tenant; the evidence is at <c>GET /api/{tenant}/operations/quarantine</c>.
/// </summary>
public sealed class IntegrityCheck(Tenants.TenantDatabases databases) : IHealthCheck
{
    private static readonly string Schema = Infrastructure.EventStore.Schema;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        // Every tenant database at once (bounded): in database-per-tenant mode there is one per pemda, and a readiness
        // probe must not take their number times a round trip.
        var perDatabase = new System.Collections.Concurrent.ConcurrentBag<(Dictionary<string, long> Quarantined, Dictionary<string, long> Findings)>();
        await Parallel.ForEachAsync(await databases.All(ct), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (database, token) =>
            {
                var counted = await Infrastructure.Database.Transient.Retry(database, async () =>
                {
                    var (q, f) = (new Dictionary<string, long>(), new Dictionary<string, long>());
                    await Count(database, "mt_doc_quarantinedevent", "select tenant_id, count(*) from {0} group by 1", q, token);
                    await Count(database, "mt_doc_integrityfindings",
                        "select tenant_id, (data->>'findingCount')::bigint from {0} where (data->>'findingCount')::bigint > 0", f, token);
                    return (q, f);
                }, token);
                perDatabase.Add(counted);
            });
        var quarantined = new Dictionary<string, long>();
        var findings = new Dictionary<string, long>();
        foreach (var (q, f) in perDatabase)
        {
            foreach (var (tenant, count) in q) quarantined[tenant] = quarantined.GetValueOrDefault(tenant) + count;
            foreach (var (tenant, count) in f) findings[tenant] = findings.GetValueOrDefault(tenant) + count;
        }

        var data = new Dictionary<string, object> { ["quarantinedEvents"] = quarantined, ["verificationFindings"] = findings };
        if (quarantined.Count == 0 && findings.Count == 0)
            return HealthCheckResult.Healthy("no quarantined events; the last verifications found nothing", data);
        return HealthCheckResult.Degraded(
            $"{quarantined.Values.Sum()} quarantined event(s), {findings.Values.Sum()} finding(s) of the last verifications " +
            "(GET /api/{tenant}/operations/quarantine)", data: data);
    }

    private static async Task Count(NpgsqlDataSource database, string table, string sql, Dictionary<string, long> into,
        CancellationToken ct)
    {
        await using (var exists = database.CreateCommand($"select to_regclass('{Schema}.{table}') is not null"))
            if (await exists.ExecuteScalarAsync(ct) is not true) return;
        await using var command = database.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"{Schema}.{table}"));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) into[reader.GetString(0)] = into.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
    }
}
