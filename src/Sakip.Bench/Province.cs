using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Sakip.Api.Infrastructure.Auth;

namespace Sakip.Bench;

/// <summary>
/// One year of a province in database-per-tenant mode: <c>--tenants</c> regional governments, each with its own
/// database, bulk-loaded with <c>--events</c> authenticated events each; then the daemon's catch-up over all of them at
/// once, a rebuild of each tenant's read side one after another, and the same rebuilds all at the same time
/// (<c>POST /system/read-side/rebuild?tenant=</c>). Prints the rates and what they imply for 548 pemda (docs/scaling.md).
/// </summary>
public static class Province
{
    private static readonly string[] Projections = ["opd-year", "audit-trail", "integrity-chain"];

    /// <summary><c>province [--tenants 10] [--events 30000] [--quick]</c></summary>
    public static async Task<int> RunFromArgs(string[] args)
    {
        int Arg(string name, int fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1].Replace("_", ""), CultureInfo.InvariantCulture, out var v)
                ? v
                : fallback;
        }

        var quick = args.Contains("--quick");
        var tenants = Enumerable.Range(1, Arg("tenants", 10)).Select(i => $"kab-{i:00}").ToList();
        var perTenant = Arg("events", quick ? 5_000 : 30_000);
        var options = new BenchOptions
        {
            Selected = new HashSet<string>(), Quick = quick, BackfillEvents = perTenant, Arguments = ["province", .. args],
            ServiceSettings = [("Sakip:Tenancy:Mode", "database")],
        };
        var clock = Stopwatch.StartNew();
        await using var env = await BenchEnvironment.StartAsync(options);
        try
        {
            return await Run(env, tenants, perTenant, clock);
        }
        catch
        {
            env.Keep();
            Console.Error.WriteLine($"Failed; the service log is {Path.Combine(env.Root, "service.log")} (kept).");
            throw;
        }
    }

    private static async Task<int> Run(BenchEnvironment env, List<string> tenants, int perTenant, Stopwatch clock)
    {
        Console.WriteLine($"province {tenants.Count} tenants in database-per-tenant mode, {perTenant:N0} events each, " +
                          $"{Environment.ProcessorCount} cores");
        await env.StartServiceAsync();
        using (var system = env.Client(env.Token(Roles.System, "ops-01", "Operator Sistem", tenant: "ops")))
            foreach (var tenant in tenants)
                (await system.PutAsJsonAsync($"/system/tenants/{tenant}", new { })).EnsureSuccessStatusCode();
        await env.StopServiceAsync();

        // Each tenant's year, authenticated as the service would, written with the service stopped.
        var store = env.OfflineStore();
        var plan = Generator.PlanBackfill(perTenant);
        var headers = plan.Streams.Select(s => new Marten.Events.BulkEventStreamHeader { Key = s.Key, Version = s.Version, AggregateType = s.Aggregate })
            .ToList();
        var load = Stopwatch.StartNew();
        foreach (var tenant in tenants)
            await store.BulkInsertEventStreamAsync(tenant, headers,
                Scenarios.Async(Scenarios.Sealed(store, env.OfflineKeys(), tenant, Generator.Backfill(perTenant))), 10_000);
        var total = plan.Events * tenants.Count;
        Console.WriteLine($"backfill {total:N0} events into {tenants.Count} databases in {load.Elapsed.TotalSeconds:N1} s");

        var databases = tenants.ToDictionary(t => t, t => NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(env.ConnectionString) { Database = $"sakip_{t.Replace('-', '_')}" }.ConnectionString));
        try
        {
            // Catch-up: the service starts with every database behind; each database has its own shards.
            var cpu = CpuSample.Take(null);
            var catchUp = Stopwatch.StartNew();
            await env.StartServiceAsync();
            await UntilCaughtUp(databases.Values, TimeSpan.FromHours(2));
            catchUp.Stop();
            var cpuCatchUp = CpuSample.Take(env.Service!.Pid);

            using var ops = env.Client(env.Token(Roles.System, "ops-01", "Operator Sistem", tenant: "ops"));
            async Task Rebuild(string tenant)
            {
                using var response = await ops.PostAsync($"/system/read-side/rebuild?tenant={tenant}", null);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"rebuild of {tenant}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            var cpuSerial = CpuSample.Take(env.Service.Pid);
            var serial = Stopwatch.StartNew();
            foreach (var tenant in tenants) await Rebuild(tenant);
            serial.Stop();
            var cpuParallel = CpuSample.Take(env.Service.Pid);
            var parallel = Stopwatch.StartNew();
            await Task.WhenAll(tenants.Select(Rebuild));
            parallel.Stop();
            var cpuEnd = CpuSample.Take(env.Service.Pid);
            await UntilCaughtUp(databases.Values, TimeSpan.FromMinutes(10));

            double Rate(TimeSpan t) => total / t.TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {tenants.Count} tenant databases × " +
                              $"{plan.Events:N0} events, {clock.Elapsed.TotalMinutes:0.0} min. Command: `dotnet run -c Release --project src/Sakip.Bench -- " +
                              $"{string.Join(' ', env.Options.Arguments)}`");
            Console.WriteLine();
            Console.WriteLine("| figure | time | events/s |");
            Console.WriteLine("| --- | ---: | ---: |");
            Console.WriteLine($"| catch-up, all databases at once (service started behind) | {catchUp.Elapsed.TotalSeconds:N1} s | {Rate(catchUp.Elapsed):N0} |");
            Console.WriteLine($"| rebuild, one tenant after another | {serial.Elapsed.TotalSeconds:N1} s | {Rate(serial.Elapsed):N0} |");
            Console.WriteLine($"| rebuild, all tenants at once | {parallel.Elapsed.TotalSeconds:N1} s | {Rate(parallel.Elapsed):N0} |");
            Console.WriteLine();
            Console.WriteLine("- catch-up: " + (cpu with { Service = 0 }).PerUnit(cpuCatchUp, total, "event"));
            Console.WriteLine("- serial rebuild: " + cpuSerial.PerUnit(cpuParallel, total, "event"));
            Console.WriteLine("- parallel rebuild: " + cpuParallel.PerUnit(cpuEnd, total, "event"));
            // A kabupaten-year is ~310,000 events (170M a year over 548 pemda); the rates above scale it.
            const double year = 310_000, nation = 170_000_000;
            Console.WriteLine($"- at these rates one kabupaten-year rebuilds in {year / Rate(serial.Elapsed) / 60:N1} min alone; a province of " +
                              $"10 in {10 * year / Rate(parallel.Elapsed) / 60:N0} min side by side; 548 pemda in " +
                              $"{nation / Rate(parallel.Elapsed) / 3600:N1} h on one such node ({Environment.ProcessorCount} cores, database beside it).");
            return 0;
        }
        finally
        {
            foreach (var data in databases.Values) await data.DisposeAsync();
        }
    }

    /// <summary>Until every async projection of every database has reached that database's newest event.</summary>
    private static async Task UntilCaughtUp(IEnumerable<NpgsqlDataSource> databases, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            var behind = 0L;
            foreach (var data in databases)
            {
                await using var command = data.CreateCommand(
                    "select coalesce((select max(seq_id) from sakip.mt_events), 0), " +
                    "coalesce((select array_agg(last_seq_id) from sakip.mt_event_progression where name = any($1)), '{}')");
                command.Parameters.Add(new NpgsqlParameter { Value = Projections.Select(p => p + ":All").ToArray() });
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                var head = reader.GetInt64(0);
                var progress = reader.GetFieldValue<long[]>(1);
                behind += progress.Length < Projections.Length
                    ? head * Projections.Length
                    : progress.Sum(p => Math.Max(0, head - p));
            }

            if (behind == 0) return;
            if (deadline.Elapsed > timeout) throw new TimeoutException($"The projections were still {behind:N0} events behind.");
            if (deadline.Elapsed - lastPrint > TimeSpan.FromSeconds(15))
            {
                lastPrint = deadline.Elapsed;
                Console.WriteLine($"waiting  {deadline.Elapsed.TotalSeconds:N0} s: {behind:N0} event-projections behind");
            }

            await Task.Delay(250);
        }
    }
}
