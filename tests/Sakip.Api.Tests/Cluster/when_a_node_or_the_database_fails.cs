using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Sakip.Api.Infrastructure;

namespace Sakip.Api.Tests.Cluster;

/// <summary>
/// Faults against real processes and a real PostgreSQL on loopback. After each: no event lost or duplicated, every
/// projection equal to a replay of the events, the audit trail one entry per event, the integrity chain valid.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class when_a_node_or_the_database_fails : IAsyncLifetime
{
    private readonly ServiceCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    private Task<long> EventsOfType(string tenant, string type) => _cluster.Scalar(
        $"select count(*) from {EventStore.Schema}.mt_events where tenant_id = $1 and type = $2", tenant, type);

    /// <summary>How many sessions wait for a lock on the table, once one does (or after a minute).</summary>
    private async Task<long> WaitersOn(string table)
    {
        var waiting = 0L;
        for (var tries = 0; waiting == 0 && tries < 240; tries++)
        {
            if (tries > 0) await Task.Delay(250);
            waiting = await _cluster.Scalar("select count(*) from pg_locks where not granted and relation = $1::regclass", table);
        }

        return waiting;
    }

    [Fact]
    public async Task a_node_killed_during_an_import_leaves_all_or_nothing_and_the_resend_completes_it_once()
    {
        var a = await _cluster.StartNode("a");
        var b = await _cluster.StartNode("b");
        var tenant = SakipApp.NewTenant();
        using var viaA = ServiceCluster.Client(a, tenant);
        using var viaB = ServiceCluster.Client(b, tenant);
        await AgencyYear.Register(viaB, tenant);
        var plan = ServiceCluster.Sample("rencana-aksi-buleleng-2022.csv");

        // The event table is held against writes: node a parses the file, appends its events and waits; it dies
        // with the import in flight however fast the machine is (a fixed delay once let the import finish first).
        var events = $"{EventStore.Schema}.mt_events";
        await using (var holding = await TableLock.Take(_cluster.ConnectionString, events))
        {
            var dying = viaA.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", plan, "import-2022-murni"));
            (await WaitersOn(events)).ShouldBeGreaterThan(0, "node a should be appending the import when it dies");
            a.Kill();
            await holding.Release();
            await Should.ThrowAsync<Exception>(async () => (await dying).EnsureSuccessStatusCode());
        }

        var defined = await EventsOfType(tenant, "indicator_defined");
        defined.ShouldBeOneOf(0, 183);

        HttpResponseMessage resent;
        var attempts = 0;
        do
        {
            if (attempts++ > 0) await Task.Delay(500);
            resent = await viaB.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", plan, "import-2022-murni"));
        } while (resent.StatusCode != HttpStatusCode.OK && attempts < 60);

        resent.StatusCode.ShouldBe(HttpStatusCode.OK, await resent.Content.ReadAsStringAsync());
        (await EventsOfType(tenant, "indicator_defined")).ShouldBe(183);
        (await _cluster.Scalar($"select count(distinct headers->>'import_sha256') from {EventStore.Schema}.mt_events " +
                               "where tenant_id = $1 and headers ? 'import_sha256'", tenant)).ShouldBe(1);
        await AgencyYear.ShouldEqualARebuild(_cluster, viaB, tenant);
    }

    [Fact]
    public async Task a_node_killed_during_projection_catch_up_loses_and_repeats_nothing()
    {
        var a = await _cluster.StartNode("a");
        var b = await _cluster.StartNode("b");
        var assigned = await ServiceCluster.WaitForAssignment(a, [a.Number, b.Number], TimeSpan.FromSeconds(60));
        var tenant = SakipApp.NewTenant();
        var victim = assigned["audit-trail"][0] == a.Number ? a : b;
        var survivor = victim == a ? b : a;
        using var client = ServiceCluster.Client(survivor, tenant);
        await AgencyYear.Register(client, tenant);
        (await client.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", ServiceCluster.Sample("rencana-aksi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await AgencyYear.Sign(client, tenant);

        // The audit trail's table is held against writes: the victim reads the realizations, tries to store its
        // batch and waits. It dies with that batch in flight, whatever the speed of the machine (once the daemon
        // caught up before a plain kill could land).
        var entries = $"{EventStore.Schema}.mt_doc_auditentry";
        await using var holding = await TableLock.Take(_cluster.ConnectionString, entries);
        (await client.SendAsync(AgencyYear.Import(tenant, "realisasi", ServiceCluster.Sample("realisasi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var head = await _cluster.Scalar($"select max(seq_id) from {EventStore.Schema}.mt_events");
        (await WaitersOn(entries)).ShouldBeGreaterThan(0, "the victim should be storing a batch of the audit trail when it dies");
        var progressed = await _cluster.Scalar(
            $"select coalesce(max(last_seq_id), 0) from {EventStore.Schema}.mt_event_progression where name like 'audit-trail%'");
        victim.Kill();
        await holding.Release();
        progressed.ShouldBeLessThan(head, "the kill should land during catch-up");

        await ServiceCluster.WaitForAssignment(survivor, [survivor.Number], TimeSpan.FromSeconds(90));
        await AgencyYear.ShouldEqualARebuild(_cluster, client, tenant);
    }

    [Fact]
    public async Task a_projection_that_runs_but_stops_moving_is_restarted_on_its_node_and_catches_up()
    {
        var a = await _cluster.StartNode("a", new Dictionary<string, string?> { ["Sakip__Cluster__StallSeconds"] = "3" });
        await ServiceCluster.WaitForAssignment(a, [a.Number], TimeSpan.FromSeconds(60));
        var tenant = SakipApp.NewTenant();
        using var client = ServiceCluster.Client(a, tenant);
        await AgencyYear.Register(client, tenant);
        (await client.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", ServiceCluster.Sample("rencana-aksi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await _cluster.WaitForProjections(TimeSpan.FromSeconds(90));

        // The audit trail's batch waits on a lock: its agent reports Running while its position stays behind.
        var entries = $"{EventStore.Schema}.mt_doc_auditentry";
        await using (var holding = await TableLock.Take(_cluster.ConnectionString, entries))
        {
            await AgencyYear.Sign(client, tenant);
            (await WaitersOn(entries)).ShouldBeGreaterThan(0, "the audit trail should be waiting to store its batch");

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!a.Log().Contains("audit-trail/all stalled on this node") && DateTime.UtcNow < deadline) await Task.Delay(250);
            a.Log().ShouldContain("audit-trail/all stalled on this node");
            await holding.Release();
        }

        await AgencyYear.ShouldEqualARebuild(_cluster, client, tenant);

        // Numbers a rolled-back append took leave a gap after the newest event: nothing waits there, nothing restarts.
        int Stalls() => a.Log().Split('\n').Count(l => l.Contains("stalled on this node"));
        var stalls = Stalls();
        for (var i = 0; i < 3; i++) await _cluster.Scalar($"select nextval('{EventStore.Schema}.mt_events_sequence')");
        await Task.Delay(TimeSpan.FromSeconds(12));
        Stalls().ShouldBe(stalls, "a gap at the end of the sequence is not a stall");
    }

    [Fact]
    public async Task the_database_restarted_under_load_loses_no_acknowledged_write_and_stores_none_twice()
    {
        var a = await _cluster.StartNode("a");
        var b = await _cluster.StartNode("b");
        var tenant = SakipApp.NewTenant();
        using var admin = ServiceCluster.Client(a, tenant);
        await AgencyYear.Register(admin, tenant);
        (await admin.SendAsync(AgencyYear.Import(tenant, "rencana-aksi", ServiceCluster.Sample("rencana-aksi-buleleng-2022.csv"))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await AgencyYear.Sign(admin, tenant);
        var indicators = (await (await admin.GetAsync($"/api/{tenant}/opds/{AgencyYear.Opd}/years/2022/indicators"))
                .Json(HttpStatusCode.OK)).AsArray()
            .Where(i => i!["schedule"]!.GetValue<string>() == "monthly"
                        && i["valueKind"]!.GetValue<string>() is "number" or "percent")
            .Take(6).Select(i => (Id: i!["id"]!.GetValue<string>(), Version: i["version"]!.GetValue<int>())).ToList();
        indicators.Count.ShouldBe(6);
        var realizedBefore = await EventsOfType(tenant, "realization_submitted");

        const int periods = 8;
        var acknowledged = 0;
        var errorsSeen = 0;
        var writers = indicators.Select((indicator, w) => Task.Run(async () =>
        {
            using var client = ServiceCluster.Client(w % 2 == 0 ? a : b, tenant, userId: $"op-{w}");
            client.Timeout = TimeSpan.FromSeconds(20);
            var version = indicator.Version;
            for (var period = 1; period <= periods; period++)
            {
                var body = new { expectedVersion = version, value = 10m * period, evidence = $"Laporan bulan {period}" };
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (true)
                {
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Put,
                            $"/api/{tenant}/indicators/{indicator.Id}/realizations/{period}")
                        {
                            Content = JsonContent(body),
                        };
                        request.Headers.Add("Idempotency-Key", $"{indicator.Id}-{period}");
                        using var response = await client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK) break;
                        Interlocked.Increment(ref errorsSeen);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref errorsSeen);
                    }

                    if (DateTime.UtcNow > deadline) throw new TimeoutException($"writer {w} stuck at period {period}");
                    await Task.Delay(250);
                }

                Interlocked.Increment(ref acknowledged);
                version++;
                await Task.Delay(100);
            }
        })).ToArray();

        while (Volatile.Read(ref acknowledged) < indicators.Count * 2) await Task.Delay(50);
        await _cluster.Postgres.RestartAsync(TimeSpan.FromSeconds(2));
        await Task.WhenAll(writers);

        acknowledged.ShouldBe(indicators.Count * periods);
        (await EventsOfType(tenant, "realization_submitted")).ShouldBe(realizedBefore + indicators.Count * periods);
        foreach (var indicator in indicators)
        {
            var realized = (await (await admin.GetAsync($"/api/{tenant}/indicators/{indicator.Id}")).Json(HttpStatusCode.OK))
                ["realizations"]!.AsArray();
            realized.Select(r => r!["period"]!.GetValue<int>()).ShouldBe(Enumerable.Range(1, periods));
        }

        await AgencyYear.ShouldEqualARebuild(_cluster, admin, tenant);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}

/// <summary>A table held against writes (share mode) by a transaction of the test's own, until released.</summary>
internal sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<TableLock> Take(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"lock table {table} in share mode", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    public Task Release() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
